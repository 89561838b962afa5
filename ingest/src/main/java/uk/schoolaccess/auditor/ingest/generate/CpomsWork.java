package uk.schoolaccess.auditor.ingest.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Who does what in CPOMS today. Authors add the day's incidents; the assigned member of staff
 * views and updates them; alerted staff read them; the DSL and deputies read incidents across
 * the school (their role) and the DSL exports the week's incidents on Friday.
 */
final class CpomsWork {
    record Task(Instant time, String action, Incident incident) {
    }

    private final SchoolDay day;
    private final SplittableRandom rnd;
    private final Map<String, List<Task>> tasks = new HashMap<>();

    CpomsWork(SchoolDay day) {
        this.day = day;
        this.rnd = day.rnd;
        Instant endOfDay = day.at(15, 55);
        for (Incident i : day.school.incidentsOn(day.date)) {
            add(i.author(), i.createdAt(), "Added incident", i);
            for (StaffMember a : i.assigned()) {
                Instant seen = min(i.createdAt().plusSeconds(600 + rnd.nextInt(5400)), endOfDay);
                add(a, seen, "Viewed incident", i);
                if (rnd.nextBoolean()) add(a, seen.plusSeconds(240 + rnd.nextInt(600)), "Edited incident", i);
            }
            for (StaffMember a : i.alerted()) add(a, min(i.createdAt().plusSeconds(1800 + rnd.nextInt(10800)), endOfDay), "Viewed incident", i);
        }
        List<Incident> known = day.school.incidentsBefore(day.at(8, 0));
        for (StaffMember lead : day.school.staff) {
            if (!lead.safeguardingLead() || known.isEmpty()) continue;
            int reads = lead.has("dsl") ? 6 + rnd.nextInt(6) : 2 + rnd.nextInt(4);
            for (int r = 0; r < reads; r++) add(lead, day.between(8, 30, 15, 30), "Viewed incident", known.get(rnd.nextInt(known.size())));
            if (lead.has("dsl") && day.isFriday()) {
                Instant t = day.between(14, 30, 15, 20);
                for (Incident i : known) {
                    if (Duration.between(i.createdAt(), t).toDays() < 7) add(lead, t, "Exported report", i);
                }
            }
        }
    }

    private void add(StaffMember s, Instant t, String action, Incident i) {
        tasks.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(new Task(t, action, i));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Runs this person's CPOMS tasks as sessions: a new sign-in when more than an hour passes. */
    void workFor(StaffMember s, Workstation host, Origin origin, String browser, boolean browserHasMfa) {
        List<Task> mine = tasks.get(s.id());
        if (mine == null) return;
        mine.sort((a, b) -> a.time().compareTo(b.time()));
        int start = 0;
        for (int i = 1; i <= mine.size(); i++) {
            boolean gap = i == mine.size() || Duration.between(mine.get(i - 1).time(), mine.get(i).time()).toMinutes() > 60;
            if (gap) {
                session(s, host, origin, browser, browserHasMfa, mine.subList(start, i));
                start = i;
            }
        }
    }

    private void session(StaffMember s, Workstation host, Origin origin, String browser, boolean mfaEarlier, List<Task> work) {
        Instant in = work.get(0).time().minusSeconds(60 + rnd.nextInt(120));
        EntraSignIns.SignIn signIn = day.entra.at(in.minusSeconds(10), s, EntraApp.CPOMS, origin, Device.schoolPc(host), browser);
        day.entra.write(mfaEarlier ? signIn.mfaByClaim() : signIn.mfaCompleted());
        day.cpoms.loggedIn(in, s, origin.ip(), true);
        Instant last = in;
        int exported = 0;
        for (Task task : work) {
            if (task.action().equals("Exported report")) exported++;
            day.cpoms.incident(task.time(), s, task.action(), task.incident(), origin.ip());
            if (s.has("dsl") && task.action().equals("Viewed incident") && !task.incident().involves(s)) {
                day.findings.benign(day, "dsl-any-incident", "out_of_role_access", s, s.logins().cpoms(), task.time(),
                        task.time(), "DSL opening incident " + task.incident().id() + " they were not named on (their role)");
            }
            if (task.action().equals("Viewed incident") && rnd.nextInt(4) == 0) {
                day.cpoms.viewedStudent(task.time().plusSeconds(30), s, task.incident().pupil(), origin.ip());
            }
            last = task.time();
        }
        if (exported > 0 && s.has("dsl")) {
            day.findings.benign(day, "dsl-weekly-export", "bulk_export", s, s.logins().cpoms(), last, last,
                    "DSL's routine Friday export of the week's " + exported + " incidents for the safeguarding meeting");
        }
        day.cpoms.loggedOut(last.plusSeconds(120 + rnd.nextInt(300)), s, origin.ip());
    }
}
