package uk.schoolaccess.auditor.ingest.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The schedule of planted violations: who, which day, which scenario. Planned once from the seed,
 * before any day is simulated, so each day knows whose routine to bend.
 */
final class CaseBook {
    /** One planted case; {@code variant} tells the two occurrences of a scenario apart. */
    record Case(Scenario scenario, LocalDate date, StaffMember who, int variant, Incident incident) {
    }

    /**
     * A colleague off for the day, and who works in their room: with their own account and their
     * own PC locked (a benign look-alike), or, for {@link Scenario#TWO_PCS_OWNER_ABSENT}, with an
     * account already in use at their own desk.
     */
    record Absence(LocalDate date, StaffMember absent, StaffMember coveredBy, boolean planted) {
    }

    private final List<Case> cases = new ArrayList<>();
    private final List<StaffMember> stalePasswords = new ArrayList<>();
    private final List<Absence> absences = new ArrayList<>();

    static CaseBook plan(School school) {
        CaseBook book = new CaseBook();
        SplittableRandom rnd = new SplittableRandom(Ids.mix(school.options.seed(), 2));
        CastingPool pool = new CastingPool(school, rnd);
        List<LocalDate> days = school.calendar.plantDays();
        for (Scenario sc : List.of(Scenario.OFFSITE_WHILE_AT_DESK, Scenario.IMPOSSIBLE_TRAVEL, Scenario.TWO_PCS_AT_ONCE,
                Scenario.WINDOWS_LEFT_OPEN, Scenario.SIMS_LEFT_OPEN, Scenario.SIMS_SINGLE_FACTOR, Scenario.CPOMS_SINGLE_FACTOR,
                Scenario.BROWSING_UNTAUGHT_PUPILS, Scenario.UNINVOLVED_INCIDENT_VIEW, Scenario.WHOLE_SCHOOL_EXPORT,
                Scenario.CPOMS_MASS_EXPORT)) {
            for (int v = 0; v < 2; v++) book.cases.add(new Case(sc, pick(days, rnd), pool.nextTeacher(), v, null));
        }
        book.cases.add(new Case(Scenario.DESK_EXPOSED_TO_PUPIL, pick(days, rnd), pool.nextTeacher(), 0, null));
        book.cases.add(new Case(Scenario.DESK_EXPOSED_TO_STAFF, pick(days, rnd), pool.nextTeacher(), 0, null));
        List<StaffMember> leads = pool.safeguardingLeads();
        for (int v = 0; v < 2; v++) {
            book.cases.add(new Case(Scenario.CPOMS_NO_TWO_FACTOR, pick(days, rnd), leads.get(v % leads.size()), v, null));
        }
        book.cases.add(new Case(Scenario.UNMANAGED_HOME_DEVICE, pick(days, rnd), pool.nextTeacher(), 0, null));
        book.cases.add(new Case(Scenario.UNMANAGED_HOME_DEVICE, pick(days, rnd), leads.get(leads.size() - 1), 1, null));
        for (StaffFamily family : school.families) {
            book.cases.add(new Case(Scenario.OWN_CHILD_RECORDS, pick(days, rnd), school.staffMember(family.staffId()), 0, null));
        }
        int v = 0;
        for (StaffMember leaver : pool.plantedLeavers()) {
            List<LocalDate> after = days.stream().filter(d -> d.isAfter(leaver.leaveDate())).toList();
            book.cases.add(new Case(Scenario.LEAVER_STILL_SIGNING_IN, pick(after, rnd), leaver, v++, null));
        }
        book.stalePasswords.addAll(pool.privilegedStaff(2));
        Incident target = pool.curiosityTarget(days);
        if (target != null) {
            LocalDate day = SchoolClock.local(target.createdAt()).toLocalDate();
            int next = school.calendar.days().indexOf(day) + 1;
            LocalDate following = next < school.calendar.days().size() ? school.calendar.days().get(next) : day;
            List<StaffMember> curious = pool.uninvolvedTeachers(target, 5);
            for (int i = 0; i < curious.size(); i++) {
                book.cases.add(new Case(Scenario.CURIOSITY_CLUSTER, i < 2 ? day : following, curious.get(i), i, target));
            }
        }
        // Planned after every other case, so adding them moved none of the earlier ones.
        for (int r = 0; r < 2; r++) {
            book.cases.add(new Case(Scenario.REMOTE_MIS_WHILE_AT_DESK, pick(days, rnd), pool.nextTeacher(), r, null));
        }
        for (int a = 0; a < 4; a++) {
            LocalDate day = pick(days, rnd);
            StaffMember coverer = pool.nextTeacher();
            StaffMember absent = pool.nextTeacher();
            for (int tries = 0; tries < 20 && (absent == coverer || book.involves(day, absent) || book.absent(day, coverer)
                    || book.absent(day, absent)); tries++) {
                absent = pool.nextTeacher();
            }
            boolean planted = a < 2;
            if (planted) book.cases.add(new Case(Scenario.TWO_PCS_OWNER_ABSENT, day, coverer, a, null));
            book.absences.add(new Absence(day, absent, coverer, planted));
        }
        return book;
    }

    private static LocalDate pick(List<LocalDate> days, SplittableRandom rnd) {
        return days.get(rnd.nextInt(days.size()));
    }

    List<Case> on(LocalDate date) {
        return cases.stream().filter(c -> c.date().equals(date)).toList();
    }

    List<Case> all() {
        return cases;
    }

    boolean involves(LocalDate date, StaffMember s) {
        for (Case c : cases) if (c.date().equals(date) && c.who().id().equals(s.id())) return true;
        return false;
    }

    DayTwist twistFor(LocalDate date, StaffMember s) {
        DayTwist twist = DayTwist.NONE;
        for (Case c : cases) if (c.date().equals(date) && c.who().id().equals(s.id())) twist = twist.and(c.scenario().twist);
        return twist;
    }

    /** Off for the day: does not come in at all. */
    boolean absent(LocalDate date, StaffMember s) {
        for (Absence a : absences) if (a.date().equals(date) && a.absent().id().equals(s.id())) return true;
        return false;
    }

    List<Absence> absencesOn(LocalDate date) {
        return absences.stream().filter(a -> a.date().equals(date)).toList();
    }

    boolean skipsPasswordChange(StaffMember s) {
        return stalePasswords.contains(s);
    }

    List<StaffMember> stalePasswords() {
        return stalePasswords;
    }
}
