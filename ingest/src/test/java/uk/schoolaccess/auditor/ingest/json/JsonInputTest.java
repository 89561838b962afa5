package uk.schoolaccess.auditor.ingest.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.rows.*;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

class JsonInputTest {

    @TempDir
    Path dir;

    /** Keeps what arrives, as "line:text" strings. */
    static final class Seen implements RowSink {
        final List<String> records = new ArrayList<>();
        final List<String> quarantined = new ArrayList<>();

        public void recordAccess(Origin o, RecordAccessRow r) { }
        public void logonEvent(Origin o, LogonEventRow r) { }
        public void signin(Origin o, SigninRow r) { }
        public void staff(Origin o, StaffRow r) { }
        public void staffAccount(Origin o, StaffAccountRow r) { }
        public void pupil(Origin o, PupilRow r) { }
        public void pupilAccount(Origin o, PupilAccountRow r) { }
        public void relationship(Origin o, RelationshipRow r) { }
        public void incident(Origin o, IncidentRow r) { }
        public void involvement(Origin o, InvolvementRow r) { }
        public void ambiguousTime(Origin o) { }
        public void ignored(Origin o) { }

        public void quarantine(Origin o, String reason) {
            quarantined.add(o.line() + ":" + reason);
        }
    }

    private Seen read(String text) throws IOException {
        Path f = dir.resolve("in.json");
        Files.writeString(f, text);
        Seen seen = new Seen();
        JsonInput.forEachRecord(SourceFile.of(f), List.of("value", "items", "records"), seen,
                (node, origin) -> seen.records.add(origin.line() + ":" + node.path("id").asText()));
        return seen;
    }

    @Test
    void reads_one_object_a_line_and_quarantines_a_broken_line() throws IOException {
        Seen s = read("{\"id\":\"a\"}\n\n{\"id\":\"b\"\n{\"id\":\"c\"}\n");
        assertEquals(List.of("1:a", "4:c"), s.records);
        assertEquals(1, s.quarantined.size());
        assertTrue(s.quarantined.get(0).startsWith("3:not valid JSON"));
    }

    @Test
    void reads_records_wrapped_in_value_items_or_records_with_their_lines() throws IOException {
        assertEquals(List.of("3:a", "6:b"), read("{\"@odata.context\": \"x\",\n \"value\": [\n  {\"id\": \"a\",\n"
                + "   \"n\": 1},\n\n  {\"id\": \"b\"}\n]}").records);
        assertEquals(List.of("1:a", "1:b"), read("{\"kind\":\"admin#reports#activities\",\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}]}").records);
        assertEquals(List.of("1:x"), read("[{\"id\":\"x\"}]").records);
        assertEquals(List.of("1:r"), read("{\"records\":[{\"id\":\"r\"}]}").records);
    }

    @Test
    void a_one_line_wrapped_document_is_not_mistaken_for_ndjson() throws IOException {
        assertEquals(List.of("1:a"), read("{\"value\":[{\"id\":\"a\"}]}\n").records);
    }

    @Test
    void a_broken_line_is_told_by_its_column_and_kind_without_the_text_that_broke_it() throws IOException {
        Seen s = read("{\"id\":\"a\"}\n{\"id\": Samuel}\n{\"id\":\"c\",\n");
        assertEquals(List.of("2:not valid JSON at column 8: text without quotes where a value should be",
                "3:not valid JSON at column 11: the text ends inside a record (cut short?)"), s.quarantined);
        IOException e = assertThrows(IOException.class, () -> read("{\"value\": [\n {\"id\": Samuel}\n]}"));
        assertEquals("line 2: not valid JSON at column 9: text without quotes where a value should be",
                e.getMessage());
    }

    @Test
    void a_broken_wrapped_document_fails_the_file_naming_the_line() {
        IOException e = assertThrows(IOException.class, () -> read("{\"value\": [\n {\"id\": \"a\"},\n {\"id\": }\n]}"));
        assertTrue(e.getMessage().startsWith("line 3: not valid JSON"), e.getMessage());
    }

    @Test
    void a_deeply_nested_first_ndjson_line_is_quarantined_with_its_number_and_the_rest_read() throws IOException {
        String deep = "{\"id\":\"d\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        Seen s = read(deep + "\n{\"id\":\"a\"}\n" + deep + "\n{\"id\":\"b\"}\n");
        assertEquals(List.of("2:a", "4:b"), s.records);
        assertEquals(List.of("1:nested deeper than 100 levels", "3:nested deeper than 100 levels"), s.quarantined);
    }

    @Test
    void a_deeply_nested_record_in_a_wrapped_document_is_quarantined_with_its_line() throws IOException {
        String deep = "{\"id\":\"d\",\"x\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}";
        Seen s = read("{\"value\": [\n {\"id\": \"a\"},\n " + deep + ",\n {\"id\": \"b\"}\n]}");
        assertEquals(List.of("2:a", "4:b"), s.records);
        assertEquals(List.of("3:nested deeper than 100 levels"), s.quarantined);
        Seen google = read("{\"kind\":\"admin#reports#activities\",\"items\":[" + deep + ",{\"id\":\"g\"}]}");
        assertEquals(List.of("1:g"), google.records);
    }

    @Test
    void a_value_in_a_wrapped_array_that_is_not_an_object_is_quarantined_and_reading_goes_on() throws IOException {
        Seen s = read("[{\"id\":\"a\"},\n5,\n[1,2],\n{\"id\":\"b\"}]");
        assertEquals(List.of("1:a", "4:b"), s.records);
        assertEquals(List.of("2:a record must be a JSON object", "3:a record must be a JSON object"), s.quarantined);
    }
}
