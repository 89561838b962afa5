package uk.schoolaccess.auditor.analytics.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import uk.schoolaccess.auditor.analytics.detect.Detectors;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.detect.OutOfRoleAccessDetector;
import uk.schoolaccess.auditor.analytics.evaluate.LabelScore;

/**
 * Run by hand, never by the test command (it generates full-size schools): out_of_role_access
 * precision and recall and explanation coverage on complete and gapped rosters, e.g.
 * {@code mvn -pl analytics -am test -Dtest=RosterGapsMeasure -Dmeasure.seeds=1,2,3 -Dmeasure.gaps=0,0.15
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "measure.seeds", matches = ".+")
class RosterGapsMeasure {

    @Test
    void measure() throws Exception {
        int pupils = Integer.getInteger("measure.pupils", 1200);
        int staff = Integer.getInteger("measure.staff", 120);
        int weeks = Integer.getInteger("measure.weeks", 6);
        for (String seed : System.getProperty("measure.seeds").split(",")) {
            for (String gaps : System.getProperty("measure.gaps", "0,0.15").split(",")) {
                Path dir = Files.createTempDirectory("measure");
                GeneratedSchoolAudit school = GeneratedSchoolAudit.create(dir, Long.parseLong(seed), pupils, staff, weeks,
                        Double.parseDouble(gaps));
                try {
                    AuditResult r = school.audit(List.of(new OutOfRoleAccessDetector()));
                    LabelScore.Score s = school.score(r).get("out_of_role_access");
                    var c = r.coverage();
                    System.out.printf("MEASURE seed %s gaps %s: precision %.3f recall %.3f (findings %d tp %d labels %d "
                                    + "recalled %d); coverage %.2f%% (roster %.2f%%, activity %.2f%%) of %d%n", seed, gaps,
                            s.precision(), s.recall(), s.findings(), s.truePositives(), s.labels(), s.recalled(),
                            100 * c.share(), 100 * c.rosterShare(), 100 * c.activityShare(), c.accesses());
                    List<LabelScore.Label> labels = LabelScore.read(school.dir.resolve("labels.csv")).stream()
                            .filter(l -> l.detector().equals("out_of_role_access")).toList();
                    for (Finding f : r.findings()) {
                        if (LabelScore.score(List.of(f), labels).get("out_of_role_access").truePositives() == 0) {
                            System.out.println("MEASURE   false: " + f.summary());
                        }
                    }
                } finally {
                    school.store.close();
                }
            }
        }
    }
}
