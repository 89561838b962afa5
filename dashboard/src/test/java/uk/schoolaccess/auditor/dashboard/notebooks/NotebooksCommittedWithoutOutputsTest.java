package uk.schoolaccess.auditor.dashboard.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Notebooks are committed without outputs: outputs can hold pupils' data. */
class NotebooksCommittedWithoutOutputsTest {

    private static Path notebooks() {
        Path root = Path.of(System.getProperty("auditor.repo.root", ".."));
        Path dir = root.resolve("notebooks");
        return Files.isDirectory(dir) ? dir : Path.of("..", "notebooks");
    }

    @Test
    void everyCommittedNotebookHasNoOutputs() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(notebooks())) {
            files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(List.of("browsing-investigation.ipynb", "sar-response.ipynb", "threshold-tuning.ipynb",
                "weekly-audit.ipynb"), files.stream().map(p -> p.getFileName().toString()).toList());
        ObjectMapper json = new ObjectMapper();
        for (Path f : files) {
            JsonNode nb = json.readTree(f.toFile());
            assertEquals("auditor-java", nb.path("metadata").path("kernelspec").path("name").asText(), f + " kernel");
            for (JsonNode cell : nb.path("cells")) {
                if (!"code".equals(cell.path("cell_type").asText())) {
                    continue;
                }
                assertTrue(cell.path("outputs").isArray() && cell.path("outputs").isEmpty(),
                        f.getFileName() + ": a code cell holds outputs; clear them before committing");
                assertTrue(cell.path("execution_count").isNull(),
                        f.getFileName() + ": a code cell holds an execution count; clear outputs before committing");
            }
        }
    }
}
