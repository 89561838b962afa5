package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;
import static uk.schoolaccess.auditor.ingest.Fixtures.scalar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.rows.RecordAccessRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

class IngestorTest extends FreshStore {

    @Test
    void loads_the_roster_into_staff_accounts_pupils_relationships_and_incidents() throws IOException {
        IngestSummary s = Fixtures.ingest(store, path("roster"));
        assertTrue(s.complete());
        assertEquals(5, store.count("staff"));
        assertEquals(17, store.count("staff_accounts"));
        assertEquals(5, store.count("pupils"));
        assertEquals(8, store.count("relationships"));
        assertEquals(2, store.count("incidents"));
        assertEquals(List.of("teacher", "form_tutor"),
                rows(store, "SELECT roles FROM staff WHERE staff_id = 'S0001'").get(0).get(0) instanceof java.sql.Array a
                        ? List.of((Object[]) a(a)) : null);
        // the form tutor of 7A covers both pupils of 7A; the head of year 8 covers both of year 8
        assertEquals(2L, scalar(store, "SELECT count(*) FROM relationship_pupils WHERE kind = 'form_tutor'"));
        assertEquals(2L, scalar(store, "SELECT count(*) FROM relationship_pupils WHERE kind = 'head_of_year'"));
        assertEquals("S0003", scalar(store, "SELECT author_staff_id FROM incidents WHERE incident_id = '104233'"));
        assertEquals("S0002", scalar(store, "SELECT staff_id FROM incident_involvement WHERE incident_id = '104233' "
                + "AND kind = 'alerted'"));
    }

    private static Object[] a(java.sql.Array a) {
        try {
            return (Object[]) a.getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sims_views_go_to_record_access_and_logins_to_logon_events_resolved_to_staff() throws IOException {
        Fixtures.ingest(store, path("roster"));
        IngestSummary s = Fixtures.ingest(store, path("mis/sims-audit-week-01.csv"));
        BatchResult b = s.batches().get(0);
        assertEquals("sims", b.format());
        assertEquals(12, b.rowsRead());
        assertEquals(12, b.added());
        assertEquals(0, b.quarantined());
        assertEquals(8, store.count("record_access"));
        assertEquals(4, store.count("logon_events"));
        assertEquals(1, b.unresolvedAccounts(), "ZUnknown is not in the roster");
        assertEquals(1L, scalar(store, "SELECT count(*) FROM record_access WHERE staff_id IS NULL"));
        assertEquals("S0001", scalar(store, "SELECT DISTINCT staff_id FROM logon_events WHERE account = 'ACarter'"));
        // 08:45 BST is 07:45 UTC
        assertEquals(java.sql.Timestamp.valueOf("2026-09-14 07:45:00"),
                scalar(store, "SELECT min(ts) FROM record_access WHERE account = 'ACarter'"));
        assertEquals(List.of(List.of("attendance", 2L), List.of("behaviour", 1L), List.of("report", 2L),
                        List.of("sen", 1L), List.of("student_details", 2L)),
                rows(store, "SELECT area, count(*) FROM record_access GROUP BY area ORDER BY area"));
        assertEquals(1187, scalar(store, "SELECT max(row_count) FROM record_access WHERE action = 'export'"));
    }

    @Test
    void two_identical_export_rows_in_one_file_are_two_events() throws IOException {
        Fixtures.ingest(store, path("mis/sims-audit-week-01.csv"));
        assertEquals(2L, scalar(store, "SELECT count(*) FROM record_access WHERE action = 'export'"));
    }

    @Test
    void reingesting_the_same_file_or_a_renamed_compressed_copy_adds_nothing() throws IOException {
        Path original = path("mis/sims-audit-week-01.csv");
        Fixtures.ingest(store, original);
        long before = store.count("record_access");
        Path renamed = Fixtures.copy("mis/sims-audit-week-01.csv", dir, "copy/renamed.csv");
        Path gz = dir.resolve("copy/again.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(original, out);
        }
        IngestSummary again = Fixtures.ingest(store, original, renamed, gz);
        assertEquals(before, store.count("record_access"));
        assertEquals(0, again.added());
        assertEquals(36, again.duplicates());
        assertEquals(4, store.count("ingest_batches"), "every run is recorded, even when it adds nothing");
        assertEquals(1L, scalar(store, "SELECT count(DISTINCT sha256) FROM ingest_batches"));
    }

    @Test
    void reingesting_the_roster_adds_nothing_and_counts_unchanged_rows() throws IOException {
        Fixtures.ingest(store, path("roster"));
        IngestSummary again = Fixtures.ingest(store, path("roster"));
        assertEquals(0, again.added());
        assertEquals(again.rowsRead(), again.duplicates());
        assertEquals(5, store.count("staff"));
        assertEquals(17, store.count("staff_accounts"));
    }

    @Test
    void a_changed_roster_row_replaces_the_stored_one() throws IOException {
        Fixtures.ingest(store, path("roster/staff.csv"));
        Path changed = dir.resolve("staff.csv");
        Files.writeString(changed, Files.readString(path("roster/staff.csv"))
                .replace("S0005,Eli Grant,e.grant@northfield.sch.uk,teacher;supply,2026-09-01,2026-10-16,entra:e.grant@northfield.sch.uk;sims:EGrant",
                        "S0005,Eli Grant,e.grant@northfield.sch.uk,teacher;supply,2026-09-01,2026-10-23,sims:EGrant"));
        BatchResult b = Fixtures.ingest(store, changed).batches().get(0);
        assertEquals(0, b.added());
        assertEquals(1, b.updated());
        assertEquals(java.time.LocalDate.parse("2026-10-23"), scalar(store, "SELECT leave_date FROM staff WHERE staff_id = 'S0005'"));
        assertEquals(1L, scalar(store, "SELECT count(*) FROM staff_accounts WHERE staff_id = 'S0005'"));
    }

    @Test
    void events_loaded_before_the_roster_find_their_owner_when_it_arrives() throws IOException {
        Fixtures.ingest(store, path("mis/sims-audit-week-01.csv"));
        assertEquals(12L, scalar(store, "SELECT (SELECT count(*) FROM record_access WHERE staff_id IS NULL) "
                + "+ (SELECT count(*) FROM logon_events WHERE staff_id IS NULL)"));
        Fixtures.ingest(store, path("roster"));
        assertEquals(1L, scalar(store, "SELECT count(*) FROM record_access WHERE staff_id IS NULL"));
    }

    @Test
    void damaged_rows_are_quarantined_with_line_and_reason_and_the_good_rows_still_load() throws IOException {
        Fixtures.Recorder heard = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, heard, path("mis/sims-audit-damaged.csv"));
        assertTrue(s.complete(), "quarantined rows are a warning, not a failure");
        BatchResult b = s.batches().get(0);
        assertEquals(8, b.rowsRead());
        assertEquals(3, b.added());
        assertEquals(5, b.quarantined());
        List<List<Object>> q = rows(store, "SELECT line_no, reason, raw FROM quarantine ORDER BY line_no");
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), q.stream().map(r -> r.get(0)).toList());
        assertTrue(((String) q.get(0).get(1)).startsWith("wrong column count: 5 fields"), q.get(0).toString());
        assertTrue(((String) q.get(1).get(1)).startsWith("unparsable time"), q.get(1).toString());
        assertTrue(((String) q.get(2).get(1)).startsWith("wrong column count: 10 fields"), q.get(2).toString());
        assertEquals("unknown action in 'Activity' (found 4 characters: letters)", q.get(3).get(1));
        assertTrue(((String) q.get(4).get(1)).startsWith("unterminated quoted field"), q.get(4).toString());
        assertEquals("15/09/2026,08:44,ACarter,NFS-RM12-PC03,Atten", q.get(0).get(2), "the raw text is kept");
        assertEquals(5, b.quarantinePreview().size());
        assertEquals(4L, b.quarantinePreview().get(0).line());
    }

    @Test
    void cpoms_rows_keep_two_factor_on_logins_and_never_store_the_pupil_name() throws IOException {
        Fixtures.ingest(store, path("roster"), path("cpoms"));
        assertEquals(List.of(List.of("c.evans@northfield.sch.uk", "logon", true),
                        List.of("b.dunn@northfield.sch.uk", "logon", false),
                        java.util.Arrays.asList("b.dunn@northfield.sch.uk", "logoff", null)),
                rows(store, "SELECT account, kind, mfa FROM logon_events ORDER BY ts"));
        assertEquals(List.of(List.of("edit", "incident", "104233", "P00202", "S0003"),
                        List.of("view", "incident", "104233", "P00202", "S0002"),
                        java.util.Arrays.asList("view", "student_details", null, "P00202", "S0002")),
                rows(store, "SELECT action, area, incident_id, pupil_id, staff_id FROM record_access ORDER BY ts"));
        assertEquals(0L, scalar(store, "SELECT count(*) FROM (SELECT * FROM record_access) t "
                + "WHERE list_contains(list_value(COLUMNS(*)::VARCHAR), 'Ella Lewis')"));
    }

    @Test
    void the_vendor_neutral_csv_reads_offsets_local_times_and_systems() throws IOException {
        Fixtures.ingest(store, path("neutral/record-access.csv"));
        assertEquals(List.of(List.of("arbor", java.sql.Timestamp.valueOf("2026-09-14 07:01:00"), "student_details"),
                        List.of("arbor", java.sql.Timestamp.valueOf("2026-09-14 08:15:30"), "attendance"),
                        List.of("myconcern", java.sql.Timestamp.valueOf("2026-09-14 08:20:00"), "incident")),
                rows(store, "SELECT source, ts, area FROM record_access ORDER BY ts"));
        assertEquals(true, scalar(store, "SELECT mfa FROM logon_events"));
    }

    @Test
    void an_unrecognised_file_is_reported_without_its_cells_and_skipped() throws IOException {
        Path odd = dir.resolve("notes.csv");
        Files.writeString(odd, "when,who,what\n2026-09-14,someone,something\n");
        Fixtures.Recorder heard = new Fixtures.Recorder();
        IngestSummary s = Fixtures.ingest(store, heard, odd, path("roster/pupils.csv"));
        assertFalse(s.complete());
        assertEquals(1, s.unrecognised());
        assertEquals(List.of("notes.csv [<cell 1>, <cell 2>, <cell 3>]"), heard.unrecognised);
        assertEquals(5, store.count("pupils"), "the other file still loads");
    }

    @Test
    void zip_archives_and_bom_crlf_files_are_read_directly() throws IOException {
        Path zip = dir.resolve("exports.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("roster/pupils.csv"));
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            z.write(bom);
            z.write(Files.readString(path("roster/pupils.csv")).replace("\n", "\r\n").getBytes());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("__MACOSX/._pupils.csv"));
            z.write(new byte[] {0, 1, 2});
            z.closeEntry();
        }
        IngestSummary s = Fixtures.ingest(store, zip);
        assertTrue(s.complete(), s.toString());
        assertEquals(5, store.count("pupils"));
        assertEquals("Hill", scalar(store, "SELECT surname FROM pupils WHERE pupil_id = 'P00101'"));
        assertEquals("roster-pupils", s.batches().get(0).format());
        assertTrue(s.batches().get(0).path().endsWith("exports.zip!/roster/pupils.csv"));
    }

    @Test
    void a_crash_mid_file_leaves_no_partial_batch() throws IOException {
        Fixtures.ingest(store, path("roster"));
        assertEquals(0, store.count("quarantine"));
        SourceReader crashing = new SourceReader() {
            public String format() {
                return "crashing";
            }

            public String description() {
                return "fails after two rows";
            }

            public int recognises(Sniff sniff) {
                return 100;
            }

            public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
                for (int i = 1; i <= 2; i++) {
                    sink.recordAccess(new Origin(i + 1, "row " + i), new RecordAccessRow("sims",
                            java.time.Instant.parse("2026-09-14T08:00:00Z"), "ACarter", "view", "attendance",
                            "P00101", null, null, 1, null, null, null));
                }
                sink.quarantine(new Origin(4, "bad"), "bad row");
                throw new IOException("disk went away");
            }
        };
        Fixtures.Recorder heard = new Fixtures.Recorder();
        long batches = store.count("ingest_batches");
        IngestSummary s = new Ingestor(store, readersWith(crashing), new ReadContext(IngestSettings.defaults()), heard)
                .run(List.of(path("mis/sims-audit-week-01.csv")), "crashing");
        assertEquals(1, s.failed());
        assertEquals(List.of("sims-audit-week-01.csv: disk went away"), heard.failed);
        assertEquals(0, store.count("record_access"));
        assertEquals(0, store.count("quarantine"));
        assertEquals(batches, store.count("ingest_batches"));
        assertEquals(5, store.count("staff"), "what was stored before is kept");
        // the store is still usable afterwards
        Fixtures.ingest(store, path("mis/sims-audit-week-01.csv"));
        assertEquals(8, store.count("record_access"));
    }

    private static Readers readersWith(SourceReader extra) {
        return Readers.of(List.of(extra));
    }

    @Test
    void a_forced_format_that_does_not_exist_is_bad_usage() {
        Ingestor ingestor = new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.defaults()),
                new Fixtures.Recorder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ingestor.run(List.of(path("roster")), "simz"));
        assertTrue(e.getMessage().contains("unknown format 'simz'"));
    }

    @Test
    void the_batch_records_path_hash_counts_and_event_range() throws IOException {
        Fixtures.ingest(store, path("roster"), path("mis/sims-audit-week-01.csv"));
        List<Object> b = rows(store, "SELECT format, rows_read, rows_ok, rows_quarantined, unresolved_accounts, "
                + "length(sha256), first_event, last_event, source_zone FROM ingest_batches WHERE format = 'sims'").get(0);
        assertEquals(List.of("sims", 12L, 12L, 0L, 1L, 64L, java.sql.Timestamp.valueOf("2026-09-14 07:41:00"),
                java.sql.Timestamp.valueOf("2026-09-14 11:40:00"), "Europe/London"), b);
        assertNull(scalar(store, "SELECT source_zone FROM ingest_batches WHERE format = 'roster-staff'"));
    }

    @Test
    void reingesting_a_damaged_file_keeps_each_quarantined_record_once() throws IOException {
        Fixtures.ingest(store, path("mis/sims-audit-damaged.csv"));
        Fixtures.ingest(store, path("mis/sims-audit-damaged.csv"));
        assertEquals(5, store.count("quarantine"));
        assertEquals(3, store.count("record_access") + store.count("logon_events"));
    }

    @Test
    void a_reader_failing_unexpectedly_fails_its_file_only() throws IOException {
        SourceReader broken = new SourceReader() {
            public String format() {
                return "broken";
            }

            public String description() {
                return "throws an unchecked exception";
            }

            public int recognises(Sniff sniff) {
                return sniff.csvHeader().has("Date") ? 100 : 0;
            }

            public void read(SourceFile file, ReadContext context, RowSink sink) {
                throw new java.util.NoSuchElementException("no column");
            }
        };
        Fixtures.Recorder heard = new Fixtures.Recorder();
        IngestSummary s = new Ingestor(store, Readers.of(List.of(broken, new uk.schoolaccess.auditor.ingest.roster
                .PupilRosterReader())), new ReadContext(IngestSettings.defaults()), heard)
                .run(List.of(path("mis/sims-audit-week-01.csv"), path("roster/pupils.csv")), null);
        assertEquals(1, s.failed());
        assertEquals(5, store.count("pupils"), "the next file still loads");
    }

    @Test
    void a_relationships_file_is_a_snapshot_of_each_listed_persons_relationships() throws IOException {
        Fixtures.ingest(store, path("roster"));
        Path fewer = dir.resolve("teaching_groups.csv");
        Files.writeString(fewer, "group_id,subject,staff_id,pupil_id\n7MA1,Maths,S0001,P00101\n");
        Fixtures.ingest(store, fewer);
        assertEquals(1L, scalar(store, "SELECT count(*) FROM relationships WHERE staff_id = 'S0001' AND kind = 'teaches'"));
        assertEquals(2L, scalar(store, "SELECT count(*) FROM relationships WHERE staff_id = 'S0002' AND kind = 'teaches'"),
                "people not in the new file keep theirs");
    }

    @Test
    void files_of_one_run_see_the_roster_and_events_stored_before_them_in_that_run() throws IOException {
        // A file's accounts resolve against a roster loaded just before it in the same run, and
        // its events already stored by an earlier file of the run count as duplicates (what any
        // reading ahead of the next file must keep).
        Path week = path("mis/sims-audit-week-01.csv");
        Path again = Files.copy(week, dir.resolve("sims-audit-week-01-downloaded-again.csv"));
        // staff.csv right before the week: were the week read before staff.csv is committed, its
        // accounts would resolve to nobody.
        IngestSummary s = Fixtures.ingest(store, path("roster/pupils.csv"), path("roster/staff.csv"), week, again, week);
        assertTrue(s.complete(), s.toString());
        List<BatchResult> sims = s.batches().stream().filter(b -> b.format().equals("sims")).toList();
        assertEquals(3, sims.size());
        assertEquals(12, sims.get(0).added());
        assertEquals(0, sims.get(1).added(), "the same rows under another name");
        assertEquals(12, sims.get(1).duplicates());
        assertEquals(0, sims.get(2).added());
        assertEquals(8, store.count("record_access"));
        assertEquals(4, store.count("logon_events"));
        assertEquals(1L, scalar(store, "SELECT count(*) FROM record_access WHERE staff_id IS NULL"),
                "resolved against the roster of the same run; only ZUnknown is not in it");
        assertEquals(s.batches().stream().map(BatchResult::batchId).sorted().toList(),
                s.batches().stream().map(BatchResult::batchId).toList(), "batch ids follow the files' order");
    }
}
