package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing run ignores what fails (a failed step only leaves classes out
 * of the archive), so this keeps its command lines valid: every one of them succeeds on the
 * repository's sample school, and the scratch folder is gone afterwards.
 */
class StartupTrainingTest {

    @TempDir
    Path dir;

    @Test
    void every_training_command_runs_on_the_sample_school_and_leaves_nothing_behind() throws Exception {
        Path home = Path.of(System.getProperty("auditor.repo.root", "..")); // the repository (tests run in dashboard/)
        Path scratch = dir.resolve("training");
        List<String> failed = StartupTraining.train(home, scratch);
        assertEquals(List.of(), failed);
        assertFalse(Files.exists(scratch));
    }
}
