package uk.schoolaccess.auditor.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    private static List<CsvRecord> read(String text, boolean multiline) {
        CsvRecords r = new CsvRecords(new BufferedReader(new StringReader(text)), multiline);
        List<CsvRecord> out = new ArrayList<>();
        r.forEachRemaining(out::add);
        return out;
    }

    @Test
    void splits_quoted_fields_with_commas_and_doubled_quotes() {
        CsvRecord r = read("a,\"b, c\",\"say \"\"hi\"\"\",\n", false).get(0);
        assertEquals(List.of("a", "b, c", "say \"hi\"", ""), r.fields());
        assertNull(r.problem());
    }

    @Test
    void keeps_the_raw_text_and_first_line_of_a_multiline_record() {
        List<CsvRecord> rs = read("h1,h2\r\n1,\"{\n  \"\"k\"\": 1\n}\"\r\n2,x\r\n", true);
        assertEquals(3, rs.size());
        assertEquals(2, rs.get(1).line());
        assertEquals("{\n  \"k\": 1\n}", rs.get(1).get(1));
        assertEquals("1,\"{\n  \"\"k\"\": 1\n}\"", rs.get(1).raw());
        assertEquals(5, rs.get(2).line());
        assertEquals(List.of("2", "x"), rs.get(2).fields());
    }

    @Test
    void an_open_quote_costs_one_line_when_records_are_single_line() {
        List<CsvRecord> rs = read("a,\"broken\nb,c\n", false);
        assertEquals(2, rs.size());
        assertTrue(rs.get(0).problem().startsWith("unterminated quoted field"));
        assertEquals(List.of("b", "c"), rs.get(1).fields());
        assertEquals(2, rs.get(1).line());
    }

    @Test
    void an_open_quote_at_the_end_of_a_multiline_file_is_reported() {
        List<CsvRecord> rs = read("a,\"never closed\nmore", true);
        assertEquals(1, rs.size());
        assertTrue(rs.get(0).problem().startsWith("unterminated"));
    }

    @Test
    void a_header_matches_names_with_odd_spacing_and_case() {
        Header h = new Header(List.of("Application ID ", "Autonomous system  number", "USER"));
        assertTrue(h.has("application id"));
        assertTrue(h.has("Autonomous system number"));
        assertEquals(2, h.require("user"));
    }
}
