package uk.schoolaccess.auditor.ingest.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedLabelsTest {
    static final Set<String> DETECTORS = Set.of("shared_credentials", "leaver_account", "stale_privileged_password",
            "missing_logout", "non_mfa_session", "out_of_role_access", "unapproved_access_path", "bulk_export");

    @Test
    void labels_plant_at_least_two_cases_of_every_detector() throws IOException {
        Map<String, Integer> perDetector = perDetector(GeneratedSchool.small().resolve("labels.csv"));
        assertEquals(DETECTORS, perDetector.keySet());
        perDetector.forEach((d, n) -> assertTrue(n >= 2, d + " has " + n));
    }

    @Test
    void a_two_week_school_still_plants_every_detector_in_its_last_week(@TempDir Path out) throws IOException {
        SchoolGenerator.generate(new GeneratorOptions(out, 200, 30, 2, LocalDate.of(2026, 9, 7), 11L, "NFS"));
        assertEquals(DETECTORS, perDetector(out.resolve("labels.csv")).keySet());
        for (String[] label : rows(out.resolve("labels.csv"))) {
            if (!label[0].equals("stale_privileged_password")) {
                assertFalse(Instant.parse(label[3]).isBefore(Instant.parse("2026-09-13T23:00:00Z")), String.join(",", label));
            }
        }
    }

    @Test
    void every_label_names_a_real_staff_member_and_a_forward_time_window() throws IOException {
        Path school = GeneratedSchool.small();
        Set<String> staff = new HashSet<>();
        for (String[] s : rows(school.resolve("roster/staff.csv"))) staff.add(s[0]);
        for (String file : List.of("labels.csv", "benign.csv")) {
            for (String[] label : rows(school.resolve(file))) {
                assertTrue(staff.contains(label[1]), file + ": unknown staff " + label[1]);
                assertTrue(label[3].endsWith("Z") && label[4].endsWith("Z"));
                assertFalse(Instant.parse(label[3]).isAfter(Instant.parse(label[4])), file + ": " + String.join(",", label));
                assertFalse(label[5].isBlank(), "every row says what it is");
                assertTrue(DETECTORS.contains(label[0]), label[0]);
            }
        }
    }

    @Test
    void benign_look_alikes_cover_the_common_false_alarms() throws IOException {
        Map<String, Integer> perDetector = perDetector(GeneratedSchool.small().resolve("benign.csv"));
        for (String d : List.of("shared_credentials", "missing_logout", "non_mfa_session", "out_of_role_access",
                "unapproved_access_path", "bulk_export")) {
            assertTrue(perDetector.getOrDefault(d, 0) >= 2, d + " has too few benign examples: " + perDetector);
        }
    }

    @Test
    void planted_leavers_are_seen_only_after_their_leave_date() throws IOException {
        Path school = GeneratedSchool.small();
        Map<String, String> leaveDates = new TreeMap<>();
        for (String[] s : rows(school.resolve("roster/staff.csv"))) if (!s[5].isEmpty()) leaveDates.put(s[0], s[5]);
        for (String[] label : rows(school.resolve("labels.csv"))) {
            if (!label[0].equals("leaver_account")) continue;
            LocalDate left = LocalDate.parse(leaveDates.get(label[1]));
            assertTrue(Instant.parse(label[3]).isAfter(left.plusDays(1).atStartOfDay(SchoolClock.SCHOOL_ZONE).toInstant()));
        }
    }

    private static Map<String, Integer> perDetector(Path file) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        for (String[] row : rows(file)) out.merge(row[0], 1, Integer::sum);
        return out;
    }

    private static List<String[]> rows(Path file) throws IOException {
        List<String[]> all = GeneratedSchool.csv(file);
        return all.subList(1, all.size());
    }
}
