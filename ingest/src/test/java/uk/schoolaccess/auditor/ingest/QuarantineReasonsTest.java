package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A quarantine reason is printed, shown in status and digests, and stored: it names the column
 * and the rule, never the value, since a shifted or mistyped cell can hold a pupil's name or a
 * note about a child. The raw line keeps the value (and is purged by retention).
 */
class QuarantineReasonsTest extends FreshStore {

    @Test
    void a_roster_row_with_a_name_or_a_note_in_the_wrong_column_is_quarantined_without_repeating_it()
            throws IOException {
        Path pupils = Files.writeString(dir.resolve("pupils.csv"), "pupil_id,surname,forename,year_group,form,sen\n"
                + "P00001,Begum,Jack,Begum,7A,N\n"
                + "P00002,Dyson,Oliver,7,7B,Yes - dyslexia (Jack)\n");
        Fixtures.ingest(store, pupils);
        List<List<Object>> q = rows(store, "SELECT line_no, reason, raw FROM quarantine ORDER BY line_no");
        assertEquals(List.of(2L, "not a whole number in 'year_group' (found 5 characters: letters)"),
                q.get(0).subList(0, 2));
        assertEquals(List.of(3L, "not a yes/no value in 'sen' (found 21 characters: letters, spaces and symbols)"),
                q.get(1).subList(0, 2));
        assertEquals("P00002,Dyson,Oliver,7,7B,Yes - dyslexia (Jack)", q.get(1).get(2), "the raw line keeps it");
    }

    @Test
    void a_broken_json_line_is_quarantined_without_the_token_that_broke_it() throws IOException {
        List<String> lines = Files.readAllLines(path("windows/winlogbeat-ecs.ndjson"));
        Path broken = dir.resolve("winlogbeat.ndjson");
        Files.write(broken, List.of(lines.get(0), "{\"@timestamp\": Samuel Begum}"));
        Fixtures.ingest(store, broken);
        List<List<Object>> q = rows(store, "SELECT line_no, reason FROM quarantine");
        assertEquals(List.of(List.of(2L, "not valid JSON at column 16: text without quotes where a value should be")),
                q);
        assertFalse(q.toString().contains("Samuel"));
    }
}
