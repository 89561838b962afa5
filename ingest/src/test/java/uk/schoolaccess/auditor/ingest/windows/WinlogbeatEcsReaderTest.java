package uk.schoolaccess.auditor.ingest.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;
import static uk.schoolaccess.auditor.ingest.Fixtures.rows;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.FreshStore;
import uk.schoolaccess.auditor.ingest.store.BatchResult;

/** Winlogbeat's own nested JSON (winlog.event_data), and Winlogbeat 6's top-level shape, read as FORMATS §3a events. */
class WinlogbeatEcsReaderTest extends FreshStore {

    private static final String FIXTURE = "windows/winlogbeat-ecs.ndjson";

    @Test
    void keeps_security_logon_events_from_the_nested_shape_and_quarantines_the_event_without_a_time()
            throws IOException {
        BatchResult b = Fixtures.ingest(store, path(FIXTURE)).batches().get(0);
        assertEquals("windows-winlogbeat-json", b.format());
        assertEquals(List.of(10L, 8L, 1L, 1L), List.of(b.rowsRead(), b.added(), b.ignored(), b.quarantined()),
                "read, added, ignored (Sysmon), quarantined");
        assertEquals(List.of(List.of(6L, "missing time: no '@timestamp'")),
                rows(store, "SELECT line_no, reason FROM quarantine"));
    }

    @Test
    void maps_each_event_as_the_flattened_shape_does() throws IOException {
        Fixtures.ingest(store, path(FIXTURE));
        assertEquals(List.of(
                        row(1, "2026-09-14 07:41:05.517", "logon", "NORTHFIELD\\jsmith", "PC-ROOM12.northfield.local", "0x72029c6", 2, null, true),
                        row(3, "2026-09-14 07:42:10.1", "logon", "NORTHFIELD\\jsmith", "PC-ROOM12.northfield.local", "0x7203a11", 3, "198.51.100.40", false),
                        row(4, "2026-09-14 08:15:00.0", "lock", "NORTHFIELD\\jsmith", "PC-ROOM12.northfield.local", "0x72029c6", null, null, true),
                        row(5, "2026-09-14 08:20:00.0", "unlock", "NORTHFIELD\\jsmith", "PC-ROOM12.northfield.local", "0x72029c6", null, null, true),
                        row(7, "2026-09-14 09:01:44.25", "logon", "NORTHFIELD\\PC-ROOM12$", "PC-ROOM12.northfield.local", "0x3e7", 5, null, false),
                        row(8, "2026-09-14 11:30:02.0", "logoff", "NORTHFIELD\\jsmith", "PC-ROOM12.northfield.local", "0x72029c6", 2, null, true),
                        row(9, "2026-09-14 12:05:00.0", "logon", "NORTHFIELD\\akhan", "PC-ROOM14.northfield.local", "0x1a2b", 10, "198.51.100.7", true),
                        row(10, "2026-09-14 12:40:00.0", "logoff", "NORTHFIELD\\akhan", "PC-ROOM14.northfield.local", "0x1a2b", null, null, true)),
                rows(store, "SELECT line_no, ts, kind, account, workstation, logon_id, logon_type, ip, interactive "
                        + "FROM logon_events ORDER BY line_no"));
    }

    @Test
    void reingesting_adds_nothing() throws IOException {
        assertReingestAddsNothing("logon_events", path(FIXTURE));
    }

    private static List<Object> row(long line, String ts, String kind, String account, String computer, String logonId,
                                    Integer type, String ip, boolean interactive) {
        return Arrays.asList(line, Timestamp.valueOf(ts), kind, account, computer, logonId, type, ip, interactive);
    }
}
