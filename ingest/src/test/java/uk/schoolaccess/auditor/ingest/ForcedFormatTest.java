package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.csv.CsvRecord;
import uk.schoolaccess.auditor.ingest.csv.CsvRecords;

/**
 * {@code --format} on a file whose header lacks the format's columns refuses the file instead of
 * quarantining every row; Excel's "Unicode Text" save (UTF-16 with a byte-order mark, tab
 * separated) is read like the CSV it came from.
 */
class ForcedFormatTest extends FreshStore {

    private IngestSummary ingest(Fixtures.Recorder heard, String format, Path file) throws IOException {
        return new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.defaults()), heard)
                .run(List.of(file), format);
    }

    /** What Excel's "Unicode Text" save writes: UTF-16 LE with a byte-order mark, tabs, CRLF, CSV quoting. */
    private Path unicodeText(Path csv, String name) throws IOException {
        StringBuilder out = new StringBuilder("\uFEFF");
        CsvRecords records = new CsvRecords(new java.io.BufferedReader(new StringReader(Files.readString(csv))), false);
        while (records.hasNext()) {
            CsvRecord r = records.next();
            List<String> cells = new ArrayList<>();
            for (String f : r.fields()) {
                cells.add(f.contains("\t") || f.contains("\"") ? '"' + f.replace("\"", "\"\"") + '"' : f);
            }
            out.append(String.join("\t", cells)).append("\r\n");
        }
        return Files.write(dir.resolve(name), out.toString().getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void a_forced_format_whose_columns_the_header_lacks_refuses_the_file_and_stores_nothing() throws IOException {
        Fixtures.Recorder heard = new Fixtures.Recorder();
        IngestSummary s = ingest(heard, "cpoms", path("mis/sims-audit-week-01.csv"));
        assertEquals(1, s.unrecognised(), "counted as not recognised: exit code 2");
        assertFalse(s.complete());
        assertTrue(s.batches().isEmpty());
        assertEquals(1, heard.failed.size(), heard.failed.toString());
        assertTrue(heard.failed.get(0).contains("not a cpoms export (--format cpoms): its header lacks the required "
                + "columns 'Date/Time', 'User', 'Action'"), heard.failed.toString());
        assertEquals(0, store.count("quarantine"));
        assertEquals(0, store.count("ingest_batches"));

        Fixtures.Recorder again = new Fixtures.Recorder();
        ingest(again, "sims", path("cpoms/cpoms-audit-week-01.csv"));
        assertTrue(again.failed.get(0).contains("not a sims export (--format sims): its header lacks the required "
                + "column"), again.failed.toString());
        assertEquals(0, store.count("quarantine"));
        assertEquals(0, store.count("record_access"));
    }

    @Test
    void a_forced_format_that_fits_still_loads() throws IOException {
        IngestSummary s = ingest(new Fixtures.Recorder(), "sims", path("mis/sims-audit-week-01.csv"));
        assertTrue(s.complete());
        assertEquals(12, s.added());
    }

    @Test
    void excel_unicode_text_loads_as_the_csv_it_was_saved_from() throws IOException {
        for (String[] f : new String[][] {{"mis/sims-audit-week-01.csv", "sims"},
                {"cpoms/cpoms-audit-week-01.csv", "cpoms"}}) {
            Path text = unicodeText(path(f[0]), f[1] + "-unicode.txt");
            IngestSummary s = Fixtures.ingest(store, text);
            assertTrue(s.complete(), f[1] + ": " + s);
            assertEquals(f[1], s.batches().get(0).format());
            assertEquals(0, s.quarantined(), f[1]);
            assertTrue(s.added() > 0, f[1]);
            IngestSummary csv = Fixtures.ingest(store, path(f[0]));
            assertEquals(0, csv.added(), f[1] + ": the same events as the CSV");
            assertEquals(s.added(), csv.duplicates(), f[1]);
        }
    }

    @Test
    void a_comma_file_with_a_tab_in_a_cell_is_still_comma_separated() {
        CsvRecords r = new CsvRecords(new java.io.BufferedReader(new StringReader("a,b\nx\ty,z\n")), false);
        assertEquals(List.of("a", "b"), r.next().fields());
        assertEquals(List.of("x\ty", "z"), r.next().fields());
    }
}
