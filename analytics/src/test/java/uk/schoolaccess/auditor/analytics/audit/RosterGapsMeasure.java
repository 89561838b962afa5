package uk.schoolaccess.auditor.analytics.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.detect.Finding;
import uk.schoolaccess.auditor.analytics.detect.OutOfRoleAccessDetector;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.evaluate.LabelScore;
import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;

/**
 * Run by hand, never by the test command (it generates full-size schools): out_of_role_access
 * precision and recall and explanation coverage, with learning from activity off (activity_min_weeks
 * 0: the auditor as it was) and on, on the complete roster and then with the groups
 * {@code generate --roster-gaps} would leave out taken out of the same store (the same as loading
 * the incomplete export, without generating and loading the school twice). For example
 * {@code mvn -pl analytics -am test -Dtest=RosterGapsMeasure -Dmeasure.seeds=1,2,3 -Dmeasure.gaps=0.15
 * -Dmeasure.out=/tmp/measure.txt -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "measure.seeds", matches = ".+")
class RosterGapsMeasure {

    @Test
    void measure() throws Exception {
        int pupils = Integer.getInteger("measure.pupils", 1200);
        int staff = Integer.getInteger("measure.staff", 120);
        int weeks = Integer.getInteger("measure.weeks", 6);
        double gaps = Double.parseDouble(System.getProperty("measure.gaps", "0.15"));
        Path out = Path.of(System.getProperty("measure.out", "target/roster-gaps-measure.txt"));
        for (String seed : System.getProperty("measure.seeds").split(",")) {
            Path dir = Files.createTempDirectory("measure");
            GeneratedSchoolAudit school = GeneratedSchoolAudit.create(dir, Long.parseLong(seed), pupils, staff, weeks);
            try {
                report(out, school, "seed " + seed + " complete roster, learning from activity off", 0);
                report(out, school, "seed " + seed + " complete roster", 3);
                Set<String> leftOut = SchoolGenerator.groupsLeftOut(new GeneratorOptions(dir, pupils, staff, weeks,
                        LocalDate.parse("2026-09-07"), Long.parseLong(seed), "NFS", gaps));
                try (var s = school.store.connection().createStatement()) {
                    s.execute("DELETE FROM relationships WHERE kind = 'teaches' AND group_id IN ('"
                            + String.join("', '", leftOut) + "')");
                }
                report(out, school, "seed " + seed + " " + leftOut.size() + " groups (" + gaps + ") left out, learning "
                        + "from activity off", 0);
                report(out, school, "seed " + seed + " " + leftOut.size() + " groups (" + gaps + ") left out", 3);
            } finally {
                school.store.close();
            }
        }
    }

    private static void report(Path out, GeneratedSchoolAudit school, String what, double minWeeks) throws Exception {
        AuditSettings d = school.settings;
        AuditSettings settings = new AuditSettings(d.networks(), d.apps(), d.schoolDay(), d.terms(), d.privilegedRoles(),
                d.baseline(), d.roleRemits(), Map.of(OutOfRoleAccessDetector.ID, Map.of("activity_min_weeks", minWeeks)));
        AuditContext probe = new AuditContext(new DuckDbEngine(school.store.connection()),
                new AuditPeriod(java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1)), settings,
                ZoneId.of("Europe/London"));
        AuditResult r = Audit.run(new AuditContext(probe.engine(), Audit.wholeStore(probe), settings, probe.zone()),
                List.of(new OutOfRoleAccessDetector()), null);
        LabelScore.Score s = school.score(r).get("out_of_role_access");
        var c = r.coverage();
        StringBuilder b = new StringBuilder(String.format("%s: precision %.3f recall %.3f (findings %d tp %d labels %d "
                        + "recalled %d); coverage %.2f%% (roster %.2f%%, activity %.2f%%) of %d accesses%n", what,
                s.precision(), s.recall(), s.findings(), s.truePositives(), s.labels(), s.recalled(),
                100 * c.share(), 100 * c.rosterShare(), 100 * c.activityShare(), c.accesses()));
        List<LabelScore.Label> labels = LabelScore.read(school.dir.resolve("labels.csv")).stream()
                .filter(l -> l.detector().equals("out_of_role_access")).toList();
        for (Finding f : r.findings()) {
            if (LabelScore.score(List.of(f), labels).get("out_of_role_access").truePositives() == 0) {
                b.append("  false: ").append(f.summary()).append('\n');
            }
        }
        Files.writeString(out, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
