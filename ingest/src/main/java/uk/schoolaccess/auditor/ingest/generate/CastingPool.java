package uk.schoolaccess.auditor.ingest.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses who plays each planted case. Class teachers without safeguarding, pastoral or family
 * roles are dealt out in a shuffled order, so cases land on different people while there are
 * enough of them, and roles that explain an access never hide a planted one.
 */
final class CastingPool {
    private final School school;
    private final SplittableRandom rnd;
    private final List<StaffMember> teachers = new ArrayList<>();
    private int next;

    CastingPool(School school, SplittableRandom rnd) {
        this.school = school;
        this.rnd = rnd;
        for (StaffMember s : school.staff) {
            boolean parent = school.families.stream().anyMatch(f -> f.staffId().equals(s.id()));
            if (s.teaches() && s.leaveDate() == null && !s.safeguardingLead() && !s.has("head_of_year")
                    && !s.has("senco") && !s.has("slt") && !parent) {
                teachers.add(s);
            }
        }
        for (int i = teachers.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            StaffMember tmp = teachers.get(i);
            teachers.set(i, teachers.get(j));
            teachers.set(j, tmp);
        }
    }

    StaffMember nextTeacher() {
        return teachers.get(next++ % teachers.size());
    }

    List<StaffMember> safeguardingLeads() {
        return school.staff.stream().filter(StaffMember::safeguardingLead).toList();
    }

    List<StaffMember> plantedLeavers() {
        return school.staff.stream()
                .filter(s -> s.leaveDate() != null && s.leaveDate().equals(school.calendar.plantedLeaverLastDay())).toList();
    }

    /** Privileged staff (not the head, not leaving) who will make no password change. */
    List<StaffMember> privilegedStaff(int count) {
        List<StaffMember> out = new ArrayList<>();
        List<StaffMember> candidates = school.staff.stream()
                .filter(s -> s.privileged() && s.leaveDate() == null && !s.id().equals("S0001")).toList();
        int start = rnd.nextInt(candidates.size());
        for (int i = 0; i < count; i++) out.add(candidates.get((start + i * 3) % candidates.size()));
        return out;
    }

    /** A safeguarding incident from the planted weeks, not on the last day, for the curiosity cluster. */
    Incident curiosityTarget(List<LocalDate> days) {
        LocalDate last = days.get(days.size() - 1);
        Incident fallback = null;
        for (Incident i : school.incidents) {
            LocalDate d = SchoolClock.local(i.createdAt()).toLocalDate();
            if (!d.isBefore(days.get(0)) && (d.isBefore(last) || days.size() == 1)) {
                if (IncidentBuilder.SAFEGUARDING.contains(i.category())) return i;
                if (fallback == null) fallback = i;
            }
        }
        return fallback;
    }

    List<StaffMember> uninvolvedTeachers(Incident incident, int count) {
        List<StaffMember> out = new ArrayList<>();
        for (int tries = 0; tries < teachers.size() * 2 && out.size() < count; tries++) {
            StaffMember s = nextTeacher();
            if (!incident.involves(s) && !school.linked(s, incident.pupil()) && !out.contains(s)) out.add(s);
        }
        return out;
    }
}
