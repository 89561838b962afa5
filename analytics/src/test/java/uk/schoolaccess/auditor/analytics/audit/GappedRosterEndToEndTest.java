package uk.schoolaccess.auditor.analytics.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.evaluate.LabelScore;

/**
 * generate --roster-gaps 0.15 -> ingest -> audit: with whole teaching groups missing from the
 * roster export, teaching seen from activity keeps the browsing findings true and complete.
 */
class GappedRosterEndToEndTest {

    @TempDir
    static Path dir;
    static GeneratedSchoolAudit school;
    static AuditResult result;

    @BeforeAll
    static void audit() throws Exception {
        school = GeneratedSchoolAudit.create(dir, 7, 500, 50, 4, 0.15);
        result = school.audit(Detectors.all());
    }

    @AfterAll
    static void close() {
        school.store.close();
    }

    @Test
    void out_of_role_access_keeps_its_precision_and_recall_when_groups_are_missing() throws Exception {
        Map<String, LabelScore.Score> scores = school.score(result);
        LabelScore.Score s = scores.get("out_of_role_access");
        String report = String.format("findings %d tp %d labels %d recalled %d; coverage %d/%d (%d from activity)",
                s.findings(), s.truePositives(), s.labels(), s.recalled(), result.coverage().explained(),
                result.coverage().accesses(), result.coverage().fromActivity());
        System.out.println("Gapped roster, seed 7: " + report);
        assertTrue(s.labels() > 0, report);
        assertTrue(s.precision() >= 0.95, "precision " + report);
        assertTrue(s.recall() >= 0.95, "recall " + report);
        assertTrue(result.coverage().fromActivity() > 0, "activity explains what the roster no longer does: " + report);
    }
}
