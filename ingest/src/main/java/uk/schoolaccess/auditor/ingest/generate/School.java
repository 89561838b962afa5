package uk.schoolaccess.auditor.ingest.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole sample school: roster, timetable, pastoral links, incidents and computers, with the
 * look-ups the simulated days need ("whom does this teacher teach?"). Lists keep roster order;
 * maps are only used for look-ups, never iterated for output.
 */
final class School {
    final GeneratorOptions options;
    final SchoolCalendar calendar;
    final Campus campus;
    final List<StaffMember> staff;
    final List<Pupil> pupils;
    final List<TeachingGroup> groups;
    final List<PastoralLink> pastoral;
    final List<StaffFamily> families;
    final List<Incident> incidents;

    private final Map<String, Pupil> pupilById = new HashMap<>();
    private final Map<String, StaffMember> staffById = new HashMap<>();
    private final Map<String, List<TeachingGroup>> groupsByTeacher = new HashMap<>();
    private final Map<String, Set<String>> explained = new HashMap<>();
    private final Map<String, List<Pupil>> pastoralPupils = new HashMap<>();
    private final TreeMap<LocalDate, List<Incident>> incidentsByDay = new TreeMap<>();

    School(GeneratorOptions options, SchoolCalendar calendar, Campus campus, List<StaffMember> staff,
           List<Pupil> pupils, List<TeachingGroup> groups, List<PastoralLink> pastoral,
           List<StaffFamily> families, List<Incident> incidents) {
        this.options = options;
        this.calendar = calendar;
        this.campus = campus;
        this.staff = staff;
        this.pupils = pupils;
        this.groups = groups;
        this.pastoral = pastoral;
        this.families = families;
        this.incidents = incidents;
        for (Pupil p : pupils) pupilById.put(p.id(), p);
        for (StaffMember s : staff) staffById.put(s.id(), s);
        for (TeachingGroup g : groups) {
            groupsByTeacher.computeIfAbsent(g.staffId(), k -> new ArrayList<>()).add(g);
            explained.computeIfAbsent(g.staffId(), k -> new HashSet<>()).addAll(g.pupilIds());
        }
        for (PastoralLink link : pastoral) {
            List<Pupil> covered = pastoralPupils.computeIfAbsent(link.staffId(), k -> new ArrayList<>());
            for (Pupil p : pupils) {
                boolean inRemit = (link.form() != null && link.form().equals(p.form()))
                        || (link.yearGroup() != null && link.yearGroup() == p.yearGroup())
                        || (link.pupilId() != null && link.pupilId().equals(p.id()));
                if (inRemit) {
                    covered.add(p);
                    explained.computeIfAbsent(link.staffId(), k -> new HashSet<>()).add(p.id());
                }
            }
        }
        for (Incident i : incidents) {
            LocalDate day = SchoolClock.local(i.createdAt()).toLocalDate();
            incidentsByDay.computeIfAbsent(day, k -> new ArrayList<>()).add(i);
        }
    }

    StaffMember staffMember(String id) {
        return staffById.get(id);
    }

    Pupil pupil(String id) {
        return pupilById.get(id);
    }

    List<TeachingGroup> groupsOf(StaffMember s) {
        return groupsByTeacher.getOrDefault(s.id(), List.of());
    }

    /** Pupils in this person's forms, year, caseload or keywork list, in roster order. */
    List<Pupil> pastoralPupils(StaffMember s) {
        return pastoralPupils.getOrDefault(s.id(), List.of());
    }

    /** True when a timetable or pastoral link explains this person opening the pupil's record. */
    boolean linked(StaffMember s, Pupil p) {
        return explained.getOrDefault(s.id(), Set.of()).contains(p.id());
    }

    List<StaffMember> withRole(String role) {
        List<StaffMember> out = new ArrayList<>();
        for (StaffMember s : staff) if (s.has(role)) out.add(s);
        return out;
    }

    List<Incident> incidentsOn(LocalDate day) {
        return incidentsByDay.getOrDefault(day, List.of());
    }

    /** Incidents created before the given moment, oldest first. */
    List<Incident> incidentsBefore(java.time.Instant t) {
        List<Incident> out = new ArrayList<>();
        for (Incident i : incidents) if (i.createdAt().isBefore(t)) out.add(i);
        return out;
    }

    /** The school's own systems, for the manifest. */
    Map<String, Object> describeNetworks() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("school_networks", List.of(Campus.SCHOOL_NETWORK));
        m.put("school_location", Place.SCHOOL.location());
        m.put("windows_domain", StaffMember.DOMAIN);
        m.put("windows_dns_suffix", Campus.DOMAIN_SUFFIX);
        m.put("email_domain", StaffBuilder.EMAIL_DOMAIN);
        m.put("time_zone", SchoolClock.SCHOOL_ZONE.getId());
        return m;
    }
}
