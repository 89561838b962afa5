package uk.schoolaccess.auditor.ingest.generate;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One school day: everything every system logs that day, in a fixed order. Each day has its own
 * random source derived from the seed, so one day's events never shift another's.
 */
final class SchoolDay {
    final School school;
    final LocalDate date;
    final SplittableRandom rnd;
    final SimsAudit sims;
    final CpomsAudit cpoms;
    final EntraSignIns entra;
    final GoogleLogins google;
    final WindowsSecurity windows;
    final Desk desk;
    final CaseBook book;
    final Findings findings;
    private final Map<String, DayTrace> traces = new HashMap<>();
    private final StaffMember movesRoom;

    SchoolDay(School school, LocalDate date, AuditLogs logs, CaseBook book, Findings findings) {
        this.school = school;
        this.date = date;
        this.rnd = new SplittableRandom(Ids.mix(school.options.seed(), date.toEpochDay()));
        this.sims = new SimsAudit(logs.sims);
        this.cpoms = new CpomsAudit(logs.cpoms);
        this.entra = new EntraSignIns(logs.entra, rnd);
        this.google = new GoogleLogins(logs.google, rnd);
        this.windows = new WindowsSecurity(logs.windows, rnd);
        this.desk = new Desk(windows, rnd, school.campus.fileServer());
        this.book = book;
        this.findings = findings;
        // Every other day or so, one teacher runs an after-school session in a free room (a look-alike).
        int n = new SplittableRandom(Ids.mix(school.options.seed(), 7 * date.toEpochDay() + 3))
                .nextInt(school.staff.size() * 2);
        StaffMember pick = n < school.staff.size() ? school.staff.get(n) : null;
        // A class teacher: pastoral and office roles keep working at their desk PC all afternoon.
        boolean busy = pick == null || !pick.teaches() || pick.has("head_of_year") || pick.has("senco")
                || pick.has("slt") || book.involves(date, pick) || book.absent(date, pick)
                || book.absencesOn(date).stream().anyMatch(a -> a.coveredBy().id().equals(pick.id()));
        this.movesRoom = busy ? null : pick;
    }

    /** The teacher who works in another room after school today, if any. */
    StaffMember movesRoomToday() {
        return movesRoom;
    }

    void run() throws IOException {
        BackgroundNoise.computersStartUp(this);
        CpomsWork cpomsWork = new CpomsWork(this);
        for (StaffMember s : school.staff) {
            if (!s.worksOn(date) || (s.has("supply") && rnd.nextInt(10) < 4) || book.absent(date, s)) continue;
            DayTrace trace = new StaffDay(this, s, book.twistFor(date, s), cpomsWork).run();
            traces.put(s.id(), trace);
        }
        BackgroundNoise.pupilsInItSuite(this);
        BackgroundNoise.passwordChanges(this);
        for (CaseBook.Case c : book.on(date)) Violations.plant(this, c);
        for (CaseBook.Absence a : book.absencesOn(date)) {
            if (!a.planted()) LookAlikes.workInAbsentColleaguesRoom(this, a);
        }
        for (StaffMember s : school.staff) {
            if (s.worksOn(date) && !book.involves(date, s) && !book.absent(date, s)) EveningWork.maybe(this, s);
        }
    }

    /** Today's ordinary day for this person, or null if they were not in. */
    DayTrace traceOf(StaffMember s) {
        return traces.get(s.id());
    }

    List<StaffMember> presentStaff() {
        return school.staff.stream().filter(s -> traces.containsKey(s.id())).toList();
    }

    Instant at(int hour, int minute) {
        return SchoolClock.at(date, SchoolClock.hm(hour, minute));
    }

    /** A moment between two local times, uniformly. */
    Instant between(int fromHour, int fromMinute, int toHour, int toMinute) {
        int from = SchoolClock.hm(fromHour, fromMinute);
        int to = SchoolClock.hm(toHour, toMinute);
        return SchoolClock.at(date, from + rnd.nextInt(Math.max(1, to - from)));
    }

    boolean isFriday() {
        return date.getDayOfWeek() == DayOfWeek.FRIDAY;
    }

    int weekday() {
        return date.getDayOfWeek().getValue() - 1;
    }

    int week() {
        return school.calendar.weekOf(date);
    }
}
