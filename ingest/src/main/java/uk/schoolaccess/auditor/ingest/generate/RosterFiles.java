package uk.schoolaccess.auditor.ingest.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the roster as the MIS and CPOMS would export it (FORMATS §6). */
final class RosterFiles {
    private RosterFiles() {
    }

    static void write(School school, Path out, Map<String, Long> rows) throws IOException {
        Path dir = Files.createDirectories(out.resolve("roster"));
        try (Table t = new Table(dir.resolve("staff.csv"), "staff_id,display_name,email,roles,start_date,leave_date,accounts,family_key")) {
            for (StaffMember s : school.staff) {
                String family = school.families.stream().filter(f -> f.staffId().equals(s.id()))
                        .map(StaffFamily::familyKey).findFirst().orElse("");
                t.row(s.id(), s.displayName(), s.logins().email(), String.join(";", s.roles()), s.startDate().toString(),
                        s.leaveDate() == null ? "" : s.leaveDate().toString(), s.accountsColumn(), family);
            }
            rows.put("roster/staff.csv", t.rows);
        }
        try (Table t = new Table(dir.resolve("pupils.csv"), "pupil_id,surname,forename,year_group,form,sen,family_key,accounts")) {
            for (Pupil p : school.pupils) {
                t.row(p.id(), p.surname(), p.forename(), Integer.toString(p.yearGroup()), p.form(), p.sen() ? "Y" : "N", p.familyKey(),
                        "windows:" + StaffMember.DOMAIN + "\\" + p.windowsUser());
            }
            rows.put("roster/pupils.csv", t.rows);
        }
        try (Table t = new Table(dir.resolve("teaching_groups.csv"), "group_id,subject,staff_id,pupil_id")) {
            java.util.Set<String> leftOut = leftOutGroups(school);
            for (TeachingGroup g : school.groups) {
                if (leftOut.contains(g.id())) continue;
                for (String pupil : g.pupilIds()) t.row(g.id(), g.subject(), g.staffId(), pupil);
            }
            rows.put("roster/teaching_groups.csv", t.rows);
        }
        try (Table t = new Table(dir.resolve("pastoral.csv"), "staff_id,kind,year_group,form,pupil_id")) {
            for (PastoralLink l : school.pastoral) {
                t.row(l.staffId(), l.kind(), l.yearGroup() == null ? "" : l.yearGroup().toString(),
                        l.form(), l.pupilId());
            }
            rows.put("roster/pastoral.csv", t.rows);
        }
        try (Table t = new Table(dir.resolve("incidents.csv"), "incident_id,pupil_id,category,created_at,author,assigned,alerted")) {
            for (Incident i : school.incidents) {
                t.row(Long.toString(i.id()), i.pupil().id(), i.category(), SchoolClock.utcSeconds(i.createdAt()),
                        i.author().logins().cpoms(), logins(i.assigned()), logins(i.alerted()));
            }
            rows.put("roster/incidents.csv", t.rows);
        }
    }

    /**
     * The teaching groups an incomplete export leaves out ({@code --roster-gaps}): whole groups, a
     * seeded choice of its own so the rest of the school is the same as with a complete roster.
     */
    static java.util.Set<String> leftOutGroups(School school) {
        int count = (int) Math.round(school.options.rosterGaps() * school.groups.size());
        java.util.List<String> ids = new java.util.ArrayList<>(school.groups.stream().map(TeachingGroup::id).toList());
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(Ids.mix(school.options.seed(), 18));
        for (int i = ids.size() - 1; i > 0; i--) {
            java.util.Collections.swap(ids, i, rnd.nextInt(i + 1));
        }
        return new java.util.TreeSet<>(ids.subList(0, count));
    }

    private static String logins(java.util.List<StaffMember> staff) {
        StringBuilder sb = new StringBuilder();
        for (StaffMember s : staff) {
            if (sb.length() > 0) sb.append(';');
            sb.append(s.logins().cpoms());
        }
        return sb.toString();
    }

    /** A small CSV file with a header, counting its data rows. */
    static final class Table implements AutoCloseable {
        private final BufferedWriter writer;
        long rows;

        Table(Path file, String header) throws IOException {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            writer.write(header);
            writer.write('\n');
        }

        void row(String... fields) throws IOException {
            writer.write(Csv.line(fields));
            writer.write('\n');
            rows++;
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
