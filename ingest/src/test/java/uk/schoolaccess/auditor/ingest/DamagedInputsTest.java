package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

/**
 * Inputs a school really sends by mistake: a zip damaged in transit, a corrupt archive or an
 * unreadable folder among good files, an export of an empty week, a file with a column cut off.
 */
class DamagedInputsTest extends FreshStore {

    @Test
    void a_zip_entry_with_flipped_bytes_is_rejected_whole_and_its_neighbours_load() throws IOException {
        byte[] csv = Files.readAllBytes(path("mis/sims-audit-week-01.csv"));
        byte[] zip = storedZip("sims-audit-week-01.csv", csv);
        // Flip bytes inside the entry's data, as a bad copy would: it still parses as CSV.
        String text = new String(zip, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("NFS-RM12-PC03");
        assertTrue(at > 0);
        zip[at + 4] = '1';
        zip[at + 6] = 'R';
        Path archive = Files.write(dir.resolve("sims.zip"), zip);
        Path staff = Fixtures.copy("roster/staff.csv", dir, "staff.csv");

        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, r, archive, staff);

        assertFalse(s.complete());
        assertEquals(1, r.failed.size(), r.failed.toString());
        assertTrue(r.failed.get(0).startsWith("sims-audit-week-01.csv: damaged zip entry: its CRC check failed"),
                r.failed.toString());
        assertEquals(0, store.count("record_access"), "not one row of a damaged entry is kept");
        assertEquals(0, store.count("logon_events"));
        assertEquals(0, store.count("quarantine"));
        assertEquals(5, store.count("staff"), "the good file beside it loads");
    }

    @Test
    void a_damaged_deflated_entry_is_rejected_whole() throws IOException {
        Path good = dir.resolve("good.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(good))) {
            z.putNextEntry(new ZipEntry("sims-audit-week-01.csv"));
            z.write(Files.readAllBytes(path("mis/sims-audit-week-01.csv")));
            z.closeEntry();
        }
        byte[] zip = Files.readAllBytes(good);
        int data = 30 + "sims-audit-week-01.csv".length(); // local header, then the compressed bytes
        zip[data + 40] ^= 0x5a;
        zip[data + 41] ^= 0x21;
        Path damaged = Files.write(dir.resolve("damaged.zip"), zip);

        Fixtures.Recorder r = new Fixtures.Recorder();
        Fixtures.ingest(store, r, damaged);

        assertEquals(1, r.failed.size(), r.failed.toString());
        assertTrue(r.failed.get(0).startsWith("sims-audit-week-01.csv: damaged zip entry"), r.failed.toString());
        assertEquals(0, store.count("record_access") + store.count("logon_events") + store.count("quarantine"));
    }

    @Test
    void a_corrupt_archive_or_a_missing_path_is_named_with_its_reason_and_the_rest_still_load() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("exports"));
        Fixtures.copy("roster/staff.csv", folder, "a-staff.csv");
        Files.writeString(folder.resolve("b-broken.zip"), "this is not a zip archive at all");
        Fixtures.copy("roster/pupils.csv", folder, "c-pupils.csv");
        Path missing = dir.resolve("no-such-export.csv");

        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, r, folder, missing);

        assertEquals(5, store.count("staff"));
        assertEquals(5, store.count("pupils"));
        assertEquals(2, s.failed());
        assertEquals(List.of("b-broken.zip: not a readable zip archive (zip END header not found)",
                "no-such-export.csv: no such file or folder"), r.failed);
    }

    @Test
    void an_unreadable_subfolder_is_named_with_its_reason_and_the_rest_still_load() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("exports"));
        Fixtures.copy("roster/staff.csv", folder, "staff.csv");
        Path secret = Files.createDirectories(folder.resolve("secret"));
        Fixtures.copy("roster/pupils.csv", secret, "pupils.csv");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(secret), "the test runs as a user who can read anything (root)");
            Fixtures.Recorder r = new Fixtures.Recorder();
            Fixtures.ingest(store, r, folder);
            assertEquals(5, store.count("staff"));
            assertEquals(List.of("secret: permission denied (the auditor's user may not read it)"), r.failed);
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void an_export_of_an_empty_week_is_not_an_error() throws IOException {
        Path empty = Files.write(dir.resolve("entra-week-07.csv"), new byte[0]);
        Path graph = Files.writeString(dir.resolve("graph-week-07.json"),
                "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\",\"value\":[]}");
        Path array = Files.writeString(dir.resolve("windows-week-07.json"), "[]\n");
        Path google = Files.writeString(dir.resolve("google-week-07.json"),
                "{\"kind\":\"admin#reports#activities\",\"etag\":\"\\\"x\\\"\"}");

        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, r, empty, graph, array, google);

        assertTrue(s.complete(), r.failed + " " + r.unrecognised);
        assertEquals(List.of("entra-week-07.csv", "graph-week-07.json", "windows-week-07.json", "google-week-07.json"),
                r.empty);
        assertEquals(0, s.rowsRead());
    }

    @Test
    void a_file_missing_a_required_column_says_which() throws IOException {
        List<String> lines = Files.readAllLines(path("mis/sims-audit-week-01.csv"));
        StringBuilder cut = new StringBuilder();
        for (String line : lines) {
            List<String> fields = new java.util.ArrayList<>(List.of(line.split(",", -1)));
            fields.remove(7); // Record ID
            cut.append(String.join(",", fields)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("sims-week.csv"), cut);

        Fixtures.Recorder r = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, r, file);

        assertEquals(1, s.unrecognised());
        assertEquals(List.of("sims-week.csv: looks like a sims export, but the required column 'Record ID' is missing"),
                r.failed);
    }

    private static byte[] storedZip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry(name);
            e.setMethod(ZipEntry.STORED);
            e.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(content);
            z.closeEntry();
        }
        return bytes.toByteArray();
    }
}
