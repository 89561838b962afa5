package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Every registered detector carries the metadata a reviewer needs, and its doc says the same. */
class DetectorCatalogueTest {

    static final Set<String> DETECTOR_IDS = Set.of("shared_credentials", "leaver_account", "stale_privileged_password",
            "missing_logout", "non_mfa_session", "out_of_role_access", "unapproved_access_path", "bulk_export");
    static final Set<String> CLAUSES = Set.of("CRED-1", "CRED-2", "CRED-3", "SESS-1", "SESS-2", "MFA-1", "MFA-2",
            "ACC-1", "ACC-2", "DATA-1", "DATA-2");

    @Test
    void ids_are_unique_and_those_of_aup_clauses() {
        Set<String> seen = new HashSet<>();
        for (Detector d : Detectors.all()) {
            assertTrue(seen.add(d.info().id()), "duplicate id " + d.info().id());
            assertTrue(DETECTOR_IDS.contains(d.info().id()), d.info().id());
        }
    }

    @Test
    void each_detector_names_its_clauses_severity_rule_thresholds_and_benign_look_alikes() {
        for (Detector d : Detectors.all()) {
            DetectorInfo i = d.info();
            assertFalse(i.clauses().isEmpty(), i.id());
            i.clauses().forEach(c -> assertTrue(CLAUSES.contains(c), i.id() + ": " + c));
            assertFalse(i.title().isBlank(), i.id());
            assertFalse(i.severityRule().isBlank(), i.id());
            assertFalse(i.benignLookAlikes().isEmpty(), i.id() + " lists what it must not flag");
            i.thresholds().forEach(t -> assertFalse(t.meaning().isBlank(), i.id() + "." + t.name()));
        }
    }

    @Test
    void each_detector_has_a_doc_naming_its_clauses_and_every_threshold_with_its_default() throws IOException {
        Path docs = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("docs/detectors");
        for (Detector d : Detectors.all()) {
            DetectorInfo i = d.info();
            Path doc = docs.resolve(i.id() + ".md");
            assertTrue(Files.isRegularFile(doc), "missing " + doc);
            String text = Files.readString(doc);
            for (String clause : i.clauses()) {
                assertTrue(text.contains(clause), doc + " names " + clause);
            }
            for (DetectorInfo.Threshold t : i.thresholds()) {
                assertTrue(text.contains("`" + t.name() + "`"), doc + " documents " + t.name());
                String value = t.defaultValue() == Math.rint(t.defaultValue())
                        ? String.valueOf((long) t.defaultValue()) : String.valueOf(t.defaultValue());
                assertTrue(text.contains(value), doc + " gives the default of " + t.name() + " (" + value + ")");
            }
            // issue 15: what a DPO needs to act on a finding, as Elastic's rule files give it
            for (String section : java.util.List.of("## Evidence it uses", "## Investigation guide",
                    "## Known false positives")) {
                assertTrue(text.contains(section), doc + " has a section '" + section + "'");
            }
        }
    }

    @Test
    void every_detector_is_registered_once_in_one_list() {
        List<String> ids = Detectors.all().stream().map(d -> d.info().id()).toList();
        assertEquals(ids.size(), Set.copyOf(ids).size());
    }
}
