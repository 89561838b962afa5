package uk.schoolaccess.auditor.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLocatorTest {

    @TempDir
    Path dir;

    @Test
    void a_folder_is_read_in_name_order_without_hidden_files_or_documents() throws IOException {
        for (String f : List.of("b/week-02.csv", "a/week-01.csv.gz", "README.md", "auditor.yaml", ".DS_Store",
                ".cache/x.csv", "notes.pdf", "audit.duckdb", "audit.duckdb.wal", "audit.duckdb.server", "store.key")) {
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

    /** A folder of links to this week's exports (or a linked share) is read as the files linked to. */
    @Test
    void links_in_a_folder_are_followed_to_their_files_and_folders() throws IOException {
        Path exports = dir.resolve("exports");
        Files.createDirectories(exports.resolve("windows"));
        Files.writeString(exports.resolve("sims-week-01.csv"), "x");
        Files.writeString(exports.resolve("windows/security-week-01.ndjson"), "x");
        Path week = Files.createDirectories(dir.resolve("this-week"));
        Files.createSymbolicLink(week.resolve("sims-week-01.csv"), exports.resolve("sims-week-01.csv"));
        Files.createSymbolicLink(week.resolve("windows"), exports.resolve("windows"));

        List<SourceFile> found = SourceLocator.expand(List.of(week));
        assertEquals(List.of("sims-week-01.csv", "security-week-01.ndjson"), found.stream().map(SourceFile::name).toList());
    }

    /** A dangling link or a folder linked into itself is named with a reason; the other files are still read. */
    @Test
    void a_broken_link_and_a_looping_folder_link_are_reported_not_passed_over() throws IOException {
        Path week = Files.createDirectories(dir.resolve("week"));
        Files.writeString(week.resolve("sims-week-02.csv"), "x");
        Files.createSymbolicLink(week.resolve("gone.csv"), dir.resolve("deleted.csv"));
        Files.createSymbolicLink(week.resolve("again"), week);

        List<Unreadable> unreadable = new ArrayList<>();
        List<SourceFile> found = SourceLocator.expand(List.of(week), unreadable);
        assertEquals(List.of("sims-week-02.csv"), found.stream().map(SourceFile::name).toList());
        assertEquals(List.of("again: a folder link loops back on itself", "gone.csv: a link to a file or folder that is not there"),
                unreadable.stream().map(u -> u.path().getFileName() + ": " + u.reason()).sorted().toList());
    }

    /** A link up to a folder above the one named reads nothing beside it: it is the loop it leads into. */
    @Test
    void a_link_to_a_folder_above_reads_nothing_outside_the_folder_named() throws IOException {
        Path week = Files.createDirectories(dir.resolve("exports/week"));
        Files.writeString(week.resolve("sims-week-03.csv"), "x");
        Files.writeString(Files.createDirectories(dir.resolve("exports/other")).resolve("not-this.csv"), "x");
        Files.createSymbolicLink(week.resolve("up"), week.getParent());

        List<Unreadable> unreadable = new ArrayList<>();
        List<SourceFile> found = SourceLocator.expand(List.of(week), unreadable);
        assertEquals(List.of("sims-week-03.csv"), found.stream().map(SourceFile::name).toList());
        assertEquals(List.of("up: a folder link loops back on itself"),
                unreadable.stream().map(u -> u.path().getFileName() + ": " + u.reason()).toList());
    }
}
