package uk.schoolaccess.auditor.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLocatorTest {

    @TempDir
    Path dir;

    @Test
    void a_folder_is_read_in_name_order_without_hidden_files_or_documents() throws IOException {
        for (String f : List.of("b/week-02.csv", "a/week-01.csv.gz", "README.md", "auditor.yaml", ".DS_Store",
                ".cache/x.csv", "notes.pdf")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
        assertEquals(List.of("week-01.csv", "week-02.csv"),
                SourceLocator.expand(List.of(dir)).stream().map(SourceFile::name).toList());
    }

    @Test
    void a_file_named_on_the_command_line_is_always_read() throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "x");
        assertEquals(List.of("README.md"), SourceLocator.expand(List.of(readme)).stream().map(SourceFile::name).toList());
    }
}
