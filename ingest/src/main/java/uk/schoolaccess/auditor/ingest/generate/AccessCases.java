package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Planted ACC-1/ACC-2 cases (records with no reason to open them) and DATA-2 cases (bulk exports). */
final class AccessCases {
    private AccessCases() {
    }

    /** A run of Student Details and Medical records of pupils the teacher neither teaches nor tutors. */
    static void browsingUntaughtPupils(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        StaffMember s = c.who();
        SplittableRandom rnd = day.rnd;
        Instant start = trace.lunchEnd().plusSeconds(60 + rnd.nextInt(300));
        Instant t = start;
        List<Pupil> strangers = day.school.pupils.stream().filter(p -> !day.school.linked(s, p)).toList();
        if (strangers.isEmpty()) {
            return; // in a tiny school this teacher knows every pupil: there is nobody to browse
        }
        int views = 15 + rnd.nextInt(11);
        for (int i = 0; i < views; i++) {
            Pupil p = strangers.get(rnd.nextInt(strangers.size()));
            day.sims.student(t, s, trace.workstation(), i % 3 == 2 ? "Medical" : "Student Details", "View", p);
            t = t.plusSeconds(15 + rnd.nextInt(60));
        }
        Violations.label(day, c, s.logins().sims(), start, t, views + " Student Details/Medical records opened for pupils "
                + "the teacher does not teach, tutor or cover");
    }

    /** CPOMS incidents opened by a teacher who is not author, assignee or alerted, and not a DSL. */
    static void uninvolvedIncidentViews(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        StaffMember s = c.who();
        SplittableRandom rnd = day.rnd;
        List<Incident> targets = new ArrayList<>();
        Instant in;
        if (c.incident() != null) {
            targets.add(c.incident());
            Instant afterCreation = c.incident().createdAt().plusSeconds(900 + rnd.nextInt(3600));
            in = afterCreation.isAfter(day.at(8, 0)) ? afterCreation : day.between(12, 20, 12, 50);
        } else {
            in = day.between(15, 30, 15, 45);
            for (Incident i : day.school.incidentsBefore(in)) {
                if (!i.involves(s) && !day.school.linked(s, i.pupil()) && targets.size() < 2 + c.variant()) targets.add(i);
            }
        }
        if (targets.isEmpty()) return;
        String ip = trace.schoolOrigin().ip();
        day.entra.write(day.entra.at(in.minusSeconds(10), s, EntraApp.CPOMS, trace.schoolOrigin(),
                Device.schoolPc(trace.desk().host()), trace.browserSession()).mfaByClaim());
        day.cpoms.loggedIn(in, s, ip, true);
        Instant t = in;
        StringBuilder ids = new StringBuilder();
        for (Incident i : targets) {
            t = t.plusSeconds(40 + rnd.nextInt(90));
            day.cpoms.incident(t, s, "Viewed incident", i, ip);
            day.cpoms.viewedStudent(t.plusSeconds(20), s, i.pupil(), ip);
            ids.append(ids.length() == 0 ? "" : ", ").append(i.id());
        }
        day.cpoms.loggedOut(t.plusSeconds(120), s, ip);
        String note = c.scenario() == Scenario.CURIOSITY_CLUSTER
                ? "one of several uninvolved staff opening incident " + ids + " (" + c.incident().category() + ") within two days"
                : "opened incident(s) " + ids + " without being author, assignee, alerted or DSL";
        Violations.label(day, c, s.logins().cpoms(), in, t.plusSeconds(20), note);
    }

    /** A parent on the staff opening their own child's records. */
    static void ownChild(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        StaffMember s = c.who();
        StaffFamily family = day.school.families.stream().filter(f -> f.staffId().equals(s.id())).findFirst().orElseThrow();
        Pupil child = day.school.pupil(family.pupilIds().get(0));
        Instant start = trace.lunchEnd().plusSeconds(600 + day.rnd.nextInt(1200));
        Instant t = start;
        for (String module : List.of("Student Details", "Behaviour", "Medical", "Assessment")) {
            day.sims.student(t, s, trace.workstation(), module, "View", child);
            t = t.plusSeconds(30 + day.rnd.nextInt(90));
        }
        Violations.label(day, c, s.logins().sims(), start, t, "viewed own child's records (" + child.id() + ", family "
                + family.familyKey() + ") in four modules");
    }

    static void wholeSchoolExport(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        StaffMember s = c.who();
        int all = day.school.pupils.size();
        Instant t = day.between(15, 35, 15, 50);
        day.sims.search(t, s, trace.workstation(), all);
        String module = c.variant() == 0 ? "Student Details" : "Medical";
        String report = c.variant() == 0 ? "Student list - whole school (with contacts)" : "Medical conditions - all pupils";
        day.sims.report(t.plusSeconds(45), s, trace.workstation(), module, "Export", report, all);
        Violations.label(day, c, s.logins().sims(), t, t.plusSeconds(45), "teacher exported '" + report + "' (" + all
                + " pupils) from " + module);
    }

    static void cpomsMassExport(SchoolDay day, CaseBook.Case c, DayTrace trace) {
        StaffMember s = c.who();
        Instant in = day.between(15, 30, 15, 45);
        List<Incident> all = day.school.incidentsBefore(in);
        if (all.isEmpty()) return;
        String ip = trace.schoolOrigin().ip();
        day.entra.write(day.entra.at(in.minusSeconds(10), s, EntraApp.CPOMS, trace.schoolOrigin(),
                Device.schoolPc(trace.desk().host()), trace.browserSession()).mfaByClaim());
        day.cpoms.loggedIn(in, s, ip, true);
        Instant t = in.plusSeconds(90);
        for (Incident i : all) day.cpoms.incident(t, s, "Exported report", i, ip);
        day.cpoms.loggedOut(t.plusSeconds(60), s, ip);
        Violations.label(day, c, s.logins().cpoms(), in, t, "non-DSL teacher exported a CPOMS report of " + all.size()
                + " incidents (one Exported report row per incident)");
    }
}
