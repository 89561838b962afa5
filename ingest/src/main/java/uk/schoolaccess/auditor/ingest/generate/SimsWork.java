package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What each role does in SIMS during a day. Teachers take a register at the start of each lesson
 * and look up pupils they teach; tutors register and check their form; heads of year, the SENCo,
 * office and welfare staff work across their remit. A little cover work (another teacher's class)
 * gives the detectors a realistic background of unexplained but innocent access.
 */
final class SimsWork {
    /** Lesson start times (minutes after midnight) of the five periods. */
    static final int[] PERIODS = {8 * 60 + 50, 9 * 60 + 50, 11 * 60 + 10, 13 * 60, 14 * 60 + 15};

    private final SchoolDay day;
    private final StaffMember s;
    private final String ws;
    private final SplittableRandom rnd;

    SimsWork(SchoolDay day, StaffMember s, String workstation) {
        this.day = day;
        this.s = s;
        this.ws = workstation;
        this.rnd = day.rnd;
    }

    void run(Instant login, Instant leave, Instant lunchStart, Instant lunchEnd) {
        if (s.has("form_tutor")) tutorRegister();
        if (s.teaches()) lessons();
        if (s.has("supply")) cover(2 + rnd.nextInt(3));
        else if (s.teaches() && rnd.nextInt(8) == 0) cover(1);
        if (s.has("head_of_year")) {
            remit(day.school.pastoralPupils(s), 5 + rnd.nextInt(8), "Behaviour", "Student Details", "Attendance");
            if (day.week() == day.school.calendar.firstPlantWeek() && day.weekday() == 2) yearGroupExport();
        }
        if (s.has("senco")) senco();
        if (s.has("office")) office();
        if (s.has("welfare")) remit(day.school.pupils, 5 + rnd.nextInt(10), "Medical", "Medical", "Contacts");
        if (s.has("slt") && !s.teaches()) reports(2 + rnd.nextInt(3));
        else if (s.has("slt")) reports(1);
    }

    private void tutorRegister() {
        for (PastoralLink link : day.school.pastoral) {
            if (!link.staffId().equals(s.id()) || !"form_tutor".equals(link.kind())) continue;
            List<Pupil> form = day.school.pupils.stream().filter(p -> p.form().equals(link.form())).toList();
            Instant t = register(day.at(8, 40), form);
            for (int i = 0; i < 2 && !form.isEmpty(); i++) {
                Pupil p = form.get(rnd.nextInt(form.size()));
                Instant v = t.plusSeconds(30 + rnd.nextInt(300));
                day.sims.student(v, s, ws, "Student Details", "View", p);
                day.findings.benign(day, "tutor-own-form", "out_of_role_access", s, s.logins().sims(), v, v,
                        "form tutor of " + link.form() + " viewing " + p.id() + " in their own form");
            }
        }
    }

    private void lessons() {
        List<TeachingGroup> groups = day.school.groupsOf(s);
        if (groups.isEmpty()) return;
        int offset = s.id().hashCode() & 0xff;
        for (int p = 0; p < PERIODS.length; p++) {
            if (rnd.nextInt(10) < 2) continue;
            TeachingGroup g = groups.get((day.weekday() * PERIODS.length + p + offset) % groups.size());
            Instant start = SchoolClock.at(day.date, PERIODS[p] * 60 + 60 + rnd.nextInt(180));
            List<Pupil> pupils = g.pupilIds().stream().map(day.school::pupil).toList();
            Instant done = register(start, pupils);
            int looks = rnd.nextInt(3);
            for (int i = 0; i < looks; i++) {
                Pupil pupil = pupils.get(rnd.nextInt(pupils.size()));
                Instant t = done.plusSeconds(120 + rnd.nextInt(2400));
                String module = rnd.nextInt(3) == 0 ? "Behaviour" : rnd.nextInt(4) == 0 ? "Assessment" : "Student Details";
                day.sims.student(t, s, ws, module, module.equals("Behaviour") && rnd.nextBoolean() ? "Edit" : "View", pupil);
            }
        }
    }

    /** Covering someone else's lesson: their register, pupils this person does not normally teach. */
    private void cover(int lessons) {
        List<TeachingGroup> all = day.school.groups;
        for (int i = 0; i < lessons; i++) {
            TeachingGroup g = all.get(rnd.nextInt(all.size()));
            int period = PERIODS[rnd.nextInt(PERIODS.length)];
            register(SchoolClock.at(day.date, period * 60 + 120 + rnd.nextInt(120)),
                    g.pupilIds().stream().map(day.school::pupil).toList());
        }
    }

    /** Attendance marks, one per pupil, a few seconds apart. Returns when the register was finished. */
    private Instant register(Instant start, List<Pupil> pupils) {
        Instant t = start;
        for (Pupil p : pupils) {
            day.sims.student(t, s, ws, "Attendance", "Edit", p);
            t = t.plusSeconds(2 + rnd.nextInt(5));
        }
        return t;
    }

    private void remit(List<Pupil> pupils, int count, String... modules) {
        if (pupils.isEmpty()) return;
        for (int i = 0; i < count; i++) {
            Pupil p = pupils.get(rnd.nextInt(pupils.size()));
            String module = modules[rnd.nextInt(modules.length)];
            day.sims.student(day.between(9, 0, 15, 50), s, ws, module, rnd.nextInt(4) == 0 ? "Edit" : "View", p);
        }
    }

    private void senco() {
        List<Pupil> caseload = day.school.pupils.stream().filter(Pupil::sen).toList();
        if (caseload.isEmpty()) return;
        for (int i = 0; i < 5 + rnd.nextInt(6); i++) {
            Pupil p = caseload.get(rnd.nextInt(caseload.size()));
            Instant t = day.between(9, 0, 15, 50);
            day.sims.student(t, s, ws, "SEN", rnd.nextInt(3) == 0 ? "Edit" : "View", p);
            day.findings.benign(day, "senco-sen", "out_of_role_access", s, s.logins().sims(), t, t,
                    "SENCo viewing SEN record of " + p.id() + " on the SEN register");
        }
    }

    private void office() {
        remit(day.school.pupils, 20 + rnd.nextInt(20), "Attendance", "Attendance", "Contacts");
        day.sims.search(day.between(9, 0, 12, 0), s, ws, 1 + rnd.nextInt(12));
        if (day.isFriday() && s == day.school.withRole("office").get(0)) {
            Instant t = day.between(14, 0, 15, 0);
            day.sims.report(t, s, ws, "Reports", "Export", "Attendance summary", day.school.pupils.size());
            day.findings.benign(day, "office-weekly-export", "bulk_export", s, s.logins().sims(), t, t,
                    "office's weekly whole-school attendance summary export (routine, every Friday)");
        }
    }

    /** A head of year exports their own year group's contact list once: every pupil is in their remit. */
    private void yearGroupExport() {
        List<Pupil> year = day.school.pastoralPupils(s);
        if (year.isEmpty()) return;
        Instant t = day.between(15, 35, 15, 50);
        for (Pupil p : year) day.sims.student(t, s, ws, "Contacts", "Export", p);
        day.findings.benign(day, "head-of-year-own-year-export", "bulk_export", s, s.logins().sims(), t, t,
                "head of year exported the contact list of their own year group (" + year.size() + " pupils, all in remit)");
    }

    private void reports(int count) {
        String[] names = {"Attendance summary", "Behaviour points by year", "Assessment tracker", "Persistent absence"};
        for (int i = 0; i < count; i++) {
            String name = names[rnd.nextInt(names.length)];
            day.sims.report(day.between(9, 0, 16, 0), s, ws, "Reports", "View", name, 20 + rnd.nextInt(60));
        }
    }
}
