package uk.schoolaccess.auditor.ingest.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * manifest.json: the options, the school's networks and the facts later tests need (staff with
 * children at the school, the planted leavers). No run time or output path: the file must be
 * identical for the same options.
 */
final class Manifest {
    private Manifest() {
    }

    static void write(School school, Map<String, Long> rows, Path out) throws IOException {
        GeneratorOptions o = school.options;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", "School Access Auditor sample-school generator");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("pupils", o.pupils());
        options.put("staff", o.staff());
        options.put("weeks", o.weeks());
        options.put("start", o.start().toString());
        options.put("seed", o.seed());
        options.put("school_id", o.schoolId());
        if (o.rosterGaps() > 0) {
            options.put("roster_gaps", o.rosterGaps());
        }
        m.put("options", options);
        m.put("school", school.describeNetworks());
        List<Map<String, Object>> weeks = new ArrayList<>();
        for (int w = 1; w <= o.weeks(); w++) {
            Map<String, Object> week = new LinkedHashMap<>();
            week.put("week", w);
            week.put("monday", school.calendar.monday(w).toString());
            week.put("friday", school.calendar.monday(w).plusDays(4).toString());
            weeks.add(week);
        }
        m.put("weeks", weeks);
        m.put("first_planted_week", school.calendar.firstPlantWeek());
        List<Map<String, Object>> families = new ArrayList<>();
        for (StaffFamily f : school.families) {
            Map<String, Object> family = new LinkedHashMap<>();
            family.put("staff_id", f.staffId());
            family.put("relationship", "parent");
            family.put("family_key", f.familyKey());
            family.put("pupil_ids", f.pupilIds());
            families.add(family);
        }
        m.put("staff_family", families);
        if (o.rosterGaps() > 0) {
            // The answer key for roster health: the groups teaching_groups.csv does not list.
            java.util.Set<String> leftOut = RosterFiles.leftOutGroups(school);
            List<Map<String, Object>> groups = new ArrayList<>();
            for (TeachingGroup g : school.groups) {
                if (!leftOut.contains(g.id())) continue;
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("group_id", g.id());
                group.put("staff_id", g.staffId());
                group.put("pupils", g.pupilIds().size());
                groups.add(group);
            }
            m.put("teaching_groups_left_out", groups);
        }
        m.put("rows_per_file", rows);
        m.put("total_rows", rows.values().stream().mapToLong(Long::longValue).sum());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("manifest.json").toFile(), m);
    }
}
