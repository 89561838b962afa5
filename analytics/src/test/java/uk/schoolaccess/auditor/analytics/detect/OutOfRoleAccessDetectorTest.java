package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutOfRoleAccessDetectorTest {

    @TempDir
    Path dir;
    SchoolFixture school;

    @BeforeEach
    void school() {
        school = new SchoolFixture(dir)
                .staff("T1", "['teacher']", null).staff("T2", "['teacher']", null).staff("T3", "['teacher']", null)
                .staff("TUT", "['teacher', 'form_tutor']", null).staff("SEN", "['senco']", null)
                .staff("OFF", "['office']", null).staff("DSL", "['dsl', 'slt']", null)
                .staff("PAR", "['teacher']", "F9");
        for (int i = 1; i <= 40; i++) {
            school.pupil(String.format("P%02d", i), 7 + i % 3, i <= 10 ? "7A" : "8B", i % 5 == 0, i == 40 ? "F9" : null);
        }
        for (int i = 1; i <= 10; i++) {
            school.sql("INSERT INTO relationships (relationship_id, staff_id, kind, pupil_id, group_id) VALUES ('r" + i
                    + "', 'T1', 'teaches', 'P" + String.format("%02d", i) + "', '7MA1')");
        }
        school.sql("INSERT INTO relationships (relationship_id, staff_id, kind, form) VALUES ('f1', 'TUT', 'form_tutor', '7A')",
                "INSERT INTO incidents (incident_id, pupil_id, category, author_staff_id, author_account) VALUES "
                        + "('I1', 'P05', 'Child Protection', 'DSL', 'DSL')",
                "INSERT INTO incident_involvement VALUES ('I1', 'DSL', 'DSL', 'author')");
    }

    @AfterEach
    void close() {
        school.close();
    }

    private List<Finding> audit() {
        return school.run(new OutOfRoleAccessDetector(), "2026-09-14T00:00:00Z", "2026-09-19T00:00:00Z");
    }

    /** A sign-on weeks before the audited week: the person's baseline has history behind it. */
    private void knownSince(String staff, String ts) {
        school.sql("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, logon_id, kind, "
                + "logon_type, interactive) VALUES ('old-" + staff + "', 'windows', TIMESTAMP '" + ts + "', '" + staff
                + "', '" + staff + "', 'RM1-PC01', '0x1', 'logon', 2, true)");
    }

    private void browsingByT2() {
        for (int i = 11; i <= 30; i++) {
            school.access("T2", "2026-09-15 12:" + (10 + i) + ":00", "view", i % 3 == 0 ? "medical" : "student_details",
                    "P" + i, null, "sims");
        }
    }

    @Test
    void flags_a_teacher_browsing_many_pupils_they_do_not_teach() {
        knownSince("T2", "2026-07-06 08:00:00");
        for (int i = 11; i <= 30; i++) {
            school.access("T2", "2026-09-15 12:" + (10 + i) + ":00", "view", i % 3 == 0 ? "medical" : "student_details",
                    "P" + i, null, "sims");
        }
        List<Finding> f = audit();
        assertEquals(1, f.size(), f.toString());
        Finding browsing = f.get(0);
        assertEquals("T2", browsing.staffId());
        assertEquals("ACC-1", browsing.aupClause());
        assertEquals(Severity.HIGH, browsing.severity(), "medical records and 3x the minimum");
        assertEquals(20, browsing.evidenceCount());
        assertTrue(browsing.summary().contains("20 pupils"), browsing.summary());
        assertTrue(browsing.evidence().baseline().statistic().contains("Benjamini-Hochberg"));
    }

    @Test
    void browsing_by_a_person_with_little_history_is_learning_capped_at_medium_and_scored_lower() {
        knownSince("T2", "2026-09-01 08:00:00"); // two weeks before the browsing: new staff, or a new store
        browsingByT2();
        Finding f = audit().get(0);
        assertEquals(Severity.MEDIUM, f.severity(), "medical records and 3x the minimum would be high");
        assertTrue(f.summary().contains("learning: 2 week(s) of history"), f.summary());
        assertEquals(true, f.evidence().facts().get("learning"));

        java.util.Map<String, java.util.Map<String, Double>> off = java.util.Map.of(OutOfRoleAccessDetector.ID,
                java.util.Map.of("learning_weeks", 0.0));
        Finding learnt = school.run(new OutOfRoleAccessDetector(), "2026-09-14T00:00:00Z", "2026-09-19T00:00:00Z",
                new uk.schoolaccess.auditor.analytics.config.AuditSettings(null, null, null, null, null, null, null, off))
                .get(0);
        assertEquals(Severity.HIGH, learnt.severity(), "learning_weeks: 0 turns it off, for this detector");
        assertEquals(false, learnt.evidence().facts().get("learning"));
        assertTrue(f.score() < learnt.score(), "the score shows it: " + f.score() + " < " + learnt.score());
        assertEquals(learnt.score() * 2 / 4, f.score(), 1e-9, "scaled by the share of the learning period seen");

        Finding longer = school.run(new OutOfRoleAccessDetector(), "2026-09-14T00:00:00Z", "2026-09-19T00:00:00Z",
                new uk.schoolaccess.auditor.analytics.config.AuditSettings(null, null, null, null, null, null, null,
                        java.util.Map.of(OutOfRoleAccessDetector.ID, java.util.Map.of("learning_weeks", 2.0)))).get(0);
        assertEquals(Severity.HIGH, longer.severity(), "two weeks of history is enough when learning_weeks is 2");
    }

    @Test
    void stays_quiet_for_the_benign_look_alikes() {
        for (int i = 1; i <= 10; i++) {
            String p = String.format("P%02d", i);
            school.access("T1", "2026-09-15 09:0" + (i % 10) + ":00", "view", "student_details", p, null, "sims");
            school.access("TUT", "2026-09-15 08:4" + (i % 10) + ":00", "edit", "attendance", p, null, "sims");
            // a cover register: T3 marks T1's whole group
            school.access("T3", "2026-09-16 10:0" + (i % 10) + ":00", "edit", "attendance", p, null, "sims");
        }
        for (int i = 5; i <= 40; i += 5) {
            school.access("SEN", "2026-09-15 11:00:00", "view", "sen", "P" + String.format("%02d", i), null, "sims");
        }
        for (int i = 11; i <= 39; i++) {
            school.access("OFF", "2026-09-15 13:00:00", "edit", "attendance", "P" + i, null, "sims");
        }
        school.access("DSL", "2026-09-15 14:00:00", "view", "incident", "P05", "I1", "cpoms");
        assertEquals(List.of(), audit());
    }

    @Test
    void flags_a_relatives_records_when_the_role_does_not_explain_them() {
        school.access("PAR", "2026-09-15 12:00:00", "view", "medical", "P40", null, "sims");
        List<Finding> f = audit();
        assertEquals(1, f.size());
        assertEquals(Severity.HIGH, f.get(0).severity());
        assertTrue(f.get(0).summary().contains("own family"), f.get(0).summary());
    }

    @Test
    void flags_uninvolved_staff_opening_an_incident_and_the_curiosity_cluster() {
        school.access("T1", "2026-09-15 12:00:00", "view", "incident", "P05", "I1", "cpoms");
        school.access("T2", "2026-09-15 13:00:00", "view", "incident", "P05", "I1", "cpoms");
        school.access("T3", "2026-09-16 09:00:00", "view", "incident", "P05", "I1", "cpoms");
        List<Finding> f = audit();
        assertEquals(List.of("T1", "T2", "T3"), f.stream().map(Finding::staffId).sorted().toList());
        assertTrue(f.stream().allMatch(x -> x.aupClause().equals("ACC-2") && x.severity() == Severity.HIGH), f.toString());
        assertTrue(f.get(0).summary().contains("curiosity cluster"), f.get(0).summary());
    }

    @Test
    void the_same_evidence_gives_the_same_finding_id() {
        school.access("T1", "2026-09-15 12:00:00", "view", "incident", "P05", "I1", "cpoms");
        assertEquals(audit().get(0).findingId(), audit().get(0).findingId());
    }

    @Test
    void the_curiosity_cluster_counts_the_other_openers_not_the_person_twice() {
        school.access("T1", "2026-09-15 12:00:00", "view", "incident", "P05", "I1", "cpoms");
        school.access("T2", "2026-09-15 13:00:00", "view", "incident", "P05", "I1", "cpoms");
        school.access("T3", "2026-09-16 09:00:00", "view", "incident", "P05", "I1", "cpoms");
        for (Finding f : audit()) {
            // three uninvolved staff in all: each finding names the two others
            assertTrue(f.summary().contains("I1 was also opened by 2 other uninvolved staff within"), f.summary());
            assertEquals(3L, ((Number) f.evidence().facts().get("uninvolved_openers")).longValue());
        }
    }

    @Test
    void a_cluster_the_person_is_not_part_of_counts_all_its_openers_as_others() {
        school.access("T1", "2026-09-14 08:00:00", "view", "incident", "P05", "I1", "cpoms");
        school.access("T2", "2026-09-17 12:00:00", "view", "incident", "P05", "I1", "cpoms");
        school.access("T3", "2026-09-17 13:00:00", "view", "incident", "P05", "I1", "cpoms");
        school.access("SEN", "2026-09-18 09:00:00", "view", "incident", "P05", "I1", "cpoms");
        Finding first = audit().stream().filter(f -> f.staffId().equals("T1")).findFirst().orElseThrow();
        // T1 opened it three days before the other three, outside their window of two days
        assertTrue(first.summary().contains("I1 was also opened by 3 other uninvolved staff within"), first.summary());
    }
}
