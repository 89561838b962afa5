package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;

/**
 * How text reaches the store: each file's encoding decided from all of it, UTF-16 read, bytes
 * that are not text quarantined rather than stored as U+FFFD, over-long records quarantined
 * with their first characters only, impossible times quarantined and counted.
 */
class TextAndRecordLimitsTest extends FreshStore {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    /** A pupil list whose first 64 KB are plain ASCII, then a name with an accent. */
    private static String longPupilList(String lastForename) {
        StringBuilder b = new StringBuilder("pupil_id,surname,forename,year_group,form,sen,family_key\n");
        for (int i = 0; b.length() < 80_000; i++) {
            b.append(String.format("P%05d,Surname,Forename,7,7A,N,F%04d%n", 10_000 + i, i));
        }
        return b.append("P00001,Able,").append(lastForename).append(",7,7A,N,F0001\n").toString();
    }

    @Test
    void windows_1252_bytes_after_the_first_64_kb_are_decoded_not_replaced() throws IOException {
        Path file = Files.write(dir.resolve("pupils.csv"), longPupilList("Zoë").getBytes(CP1252));
        IngestSummary s = Fixtures.ingest(store, file);
        assertTrue(s.complete());
        assertEquals(0, s.quarantined());
        assertEquals("Zoë", scalar(store, "SELECT forename FROM pupils WHERE pupil_id = 'P00001'"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM pupils WHERE forename LIKE '%\uFFFD%'"));
    }

    @Test
    void bytes_that_are_text_in_no_encoding_quarantine_their_row_never_store_a_replacement() throws IOException {
        // 0x81 means nothing in Windows-1252; a UTF-8 file (with its BOM) holding a stray byte.
        ByteArrayOutputStream cp = new ByteArrayOutputStream();
        cp.writeBytes(longPupilList("Zo\u00eb").getBytes(CP1252));
        cp.writeBytes("P00002,Bad,Ab".getBytes(CP1252));
        cp.write(0x81);
        cp.writeBytes("c,7,7A,N,F0002\n".getBytes(CP1252));
        Path w = Files.write(dir.resolve("pupils-1252.csv"), cp.toByteArray());
        ByteArrayOutputStream u8 = new ByteArrayOutputStream();
        u8.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        u8.writeBytes("pupil_id,surname,forename,year_group,form,sen,family_key\nP00003,Good,Zoë,7,7A,N,F1\nP00004,Bad,Z"
                .getBytes(StandardCharsets.UTF_8));
        u8.write(0xFF);
        u8.writeBytes(",7,7A,N,F2\n".getBytes(StandardCharsets.UTF_8));
        Path u = Files.write(dir.resolve("pupils-utf8.csv"), u8.toByteArray());

        IngestSummary s = Fixtures.ingest(store, w, u);

        assertEquals(2, s.quarantined());
        assertEquals(0L, scalar(store, "SELECT count(*) FROM pupils WHERE forename LIKE '%\uFFFD%' "
                + "OR surname LIKE '%\uFFFD%'"));
        assertEquals("Zoë", scalar(store, "SELECT forename FROM pupils WHERE pupil_id = 'P00003'"));
        assertEquals(List.of(List.of(RowSink.UNDECODABLE), List.of(RowSink.UNDECODABLE)),
                rows(store, "SELECT reason FROM quarantine ORDER BY line_no"));
    }

    @Test
    void a_utf8_file_with_one_stray_byte_stays_utf8_and_quarantines_that_row_only() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("pupil_id,surname,forename,year_group,form,sen,family_key\nP00005,Brontë,Zoë,7,7A,N,F1\n"
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes("P00006,Chloé,Renée,7,7A,N,F2\nP00007,Bad,X".getBytes(StandardCharsets.UTF_8));
        b.write(0x9C);
        b.writeBytes(",7,7A,N,F3\n".getBytes(StandardCharsets.UTF_8));
        Path mixed = Files.write(dir.resolve("pupils-mixed.csv"), b.toByteArray());

        IngestSummary s = Fixtures.ingest(store, mixed);

        assertEquals(1, s.quarantined());
        assertEquals(List.of(List.of("Brontë", "Zoë"), List.of("Chloé", "Renée")),
                rows(store, "SELECT surname, forename FROM pupils ORDER BY pupil_id"), "never read as mojibake");
    }

    @Test
    void utf16_files_with_a_byte_order_mark_are_read_little_or_big_endian() throws IOException {
        String text = Files.readString(path("roster/staff.csv")).replace("\n", "\r\n");
        Path le = Files.write(dir.resolve("staff-le.csv"), bom(text, StandardCharsets.UTF_16LE,
                new byte[] {(byte) 0xFF, (byte) 0xFE}));
        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, r, le);
        assertTrue(s.complete(), r.unrecognised + " " + r.failed);
        assertEquals("roster-staff", s.batches().get(0).format());
        assertEquals(5, store.count("staff"));
        assertEquals("Alex Carter", scalar(store, "SELECT display_name FROM staff WHERE staff_id = 'S0001'"));

        Path be = Files.write(dir.resolve("pupils-be.csv"), bom(Files.readString(path("roster/pupils.csv")),
                StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF}));
        assertTrue(Fixtures.ingest(store, be).complete());
        assertEquals(5, store.count("pupils"));
    }

    private static byte[] bom(String text, Charset cs, byte[] mark) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(mark);
        b.writeBytes(text.getBytes(cs));
        return b.toByteArray();
    }

    @Test
    void an_over_long_line_is_quarantined_with_its_first_characters_and_the_rest_loads() throws IOException {
        List<String> lines = Files.readAllLines(path("mis/sims-audit-week-01.csv"));
        String huge = "14/09/2026,09:00,ACarter," + "X".repeat(3 << 20); // 3 MB, over the default 1 MB
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(lines.get(i)).append('\n');
            if (i == 3) {
                b.append(huge).append('\n');
            }
        }
        Path csv = Files.writeString(dir.resolve("sims.csv"), b);
        Path ndjson = Files.writeString(dir.resolve("windows.ndjson"), "{\"EventID\":4624,\"Channel\":\"Security\","
                + "\"Hostname\":\"PC1\",\"TimeCreated\":\"2026-09-14T08:00:00Z\",\"x\":\"" + "y".repeat(2 << 20) + "\"}\n"
                + Files.readString(path("windows/security-ndjson-quirks.ndjson")));

        IngestSummary s = Fixtures.ingest(store, csv, ndjson);

        assertTrue(s.complete());
        assertEquals(12, s.batches().get(0).added(), "every other row of the file loads");
        List<List<Object>> q = rows(store, "SELECT line_no, length(raw), reason FROM quarantine ORDER BY path, line_no");
        assertEquals(5L, q.get(0).get(0));
        assertEquals(1024L, q.get(0).get(1));
        assertTrue(((String) q.get(0).get(2)).startsWith("record longer than 1048576 characters"), q.toString());
        assertTrue(q.stream().anyMatch(row -> row.get(0).equals(1L) && row.get(1).equals(1024L)),
                "the NDJSON line too: " + q);
    }

    @Test
    void the_record_limit_is_configurable() throws IOException {
        Path csv = Files.writeString(dir.resolve("pupils.csv"), "pupil_id,surname,forename,year_group,form,sen,family_key\n"
                + "P00001,Able,Ann,7,7A,N,F1\nP00002," + "L".repeat(5000) + ",Bo,7,7A,N,F2\n");
        IngestSettings small = new IngestSettings(null, null, new IngestSettings.Limits(2048, null, null));
        IngestSummary s = new Ingestor(store, Readers.builtIn(), new ReadContext(small), new Fixtures.Recorder())
                .run(List.of(csv), null);
        assertEquals(1, s.quarantined());
        assertEquals(1, store.count("pupils"));
    }

    @Test
    void impossible_times_are_quarantined_and_counted() throws IOException {
        StringBuilder b = new StringBuilder(Files.readString(path("neutral/record-access.csv")));
        for (String year : List.of("0001", "1900", "2099", "9999")) {
            b.append(year).append("-03-02T10:00:00Z,arbor,a.carter@northfield.sch.uk,view,Student Details,P00101,,1,,"
                    + "203.0.113.10,s-9,\n");
        }
        Path file = Files.writeString(dir.resolve("access.csv"), b);
        long good = Files.readAllLines(path("neutral/record-access.csv")).size() - 1;

        IngestSummary s = Fixtures.ingest(store, file);

        assertEquals(4, s.batches().get(0).implausibleTimes());
        assertEquals(4, s.quarantined());
        assertEquals(good, s.added());
        assertTrue(((String) scalar(store, "SELECT min(reason) FROM quarantine"))
                .contains("outside the plausible window 2000-01-01 to one year after today"));
        assertFalse((Boolean) scalar(store, "SELECT bool_or(year(ts) < 2000 OR year(ts) > 2030) FROM record_access"));

        IngestSettings window = new IngestSettings(null, null,
                new IngestSettings.Limits(0, LocalDate.of(1900, 1, 1), LocalDate.of(2100, 1, 1)));
        IngestSummary wide = new Ingestor(store, Readers.builtIn(), new ReadContext(window), new Fixtures.Recorder())
                .run(List.of(file), null);
        assertEquals(2, wide.batches().get(0).implausibleTimes(), "1900 and 2099 fit a configured wider window");
    }
}
