package uk.schoolaccess.auditor.analytics.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * The two-computers rule's signs of life read for many pairs at once give each pair exactly the
 * rows, in the order, of the statements it once asked alone (kept below as the reference): random
 * MIS use and Windows events over three days, hosts in mixed case and with domains, ties on time,
 * and more pairs than one statement takes.
 */
class TwoComputersMarksTest {

    @TempDir
    Path dir;

    private static final String[] HOSTS = {"NFS-RM01-PC01", "nfs-rm02-pc01.northfield.local", "NFS-RM03-PC01.NORTHFIELD",
        "NFS-RM04-PC01", null};
    private static final String[] STAFF = {"S1", "S2", "S3", "S4"};
    private static final String[] ACCOUNTS = {"NORTHFIELD\\acarter", "northfield\\bmoss", "NORTHFIELD\\CREED",
        "NORTHFIELD\\dshaw"};
    private static final Instant DAY = Instant.parse("2026-09-14T07:00:00Z");

    @Test
    void many_pairs_read_together_get_each_pairs_own_rows_in_its_own_order() throws Exception {
        Random random = new Random(11);
        try (Store store = Store.open(dir.resolve("f.duckdb")); Statement s = store.connection().createStatement()) {
            List<String> access = new ArrayList<>();
            List<String> logons = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                int who = random.nextInt(STAFF.length);
                access.add("('m" + i + "', 'sims', " + AuditPeriod.sql(at(random)) + ", 'x', '" + STAFF[who]
                        + "', 'view', 'student_details', 'P1', " + Sql.text(HOSTS[random.nextInt(HOSTS.length)]) + ")");
                String kind = List.of("lock", "unlock", "logon", "logoff").get(random.nextInt(4));
                String account = random.nextBoolean() ? ACCOUNTS[who] : ACCOUNTS[who].toLowerCase(java.util.Locale.ROOT);
                logons.add("('w" + i + "', '" + (random.nextInt(5) == 0 ? "sims" : "windows") + "', "
                        + AuditPeriod.sql(at(random)) + ", " + Sql.text(account) + ", '" + STAFF[who] + "', "
                        + Sql.text(HOSTS[random.nextInt(HOSTS.length)]) + ", '" + kind + "', true, 1, " + i + ")");
            }
            s.execute("INSERT INTO record_access (event_id, source, ts, account, staff_id, action, area, pupil_id, "
                    + "workstation) VALUES " + String.join(", ", access));
            s.execute("INSERT INTO logon_events (event_id, source, ts, account, staff_id, workstation, kind, "
                    + "interactive, batch_id, line_no) VALUES " + String.join(", ", logons));
            AuditContext context = new AuditContext(new DuckDbEngine(store.connection()), new AuditPeriod(DAY,
                    DAY.plusSeconds(3 * 86400)), new AuditSettings(null, null, null, null, null, null, null, null),
                    ZoneId.of("Europe/London"));
            List<Row> pairs = new ArrayList<>();
            for (int i = 0; i < 700; i++) {
                int who = random.nextInt(STAFF.length);
                Instant aStart = at(random);
                Instant bStart = aStart.plusSeconds(random.nextInt(4 * 3600));
                Map<String, Object> p = new HashMap<>();
                p.put("staff_id", STAFF[who]);
                p.put("account", random.nextBoolean() ? ACCOUNTS[who] : ACCOUNTS[who].toUpperCase(java.util.Locale.ROOT));
                p.put("a_host", host(random));
                p.put("b_host", host(random));
                p.put("a_start", aStart);
                p.put("b_start", bStart);
                p.put("overlap_to", bStart.plusSeconds(random.nextInt(3 * 3600)));
                pairs.add(new Row(p));
            }
            TwoComputersMarks marks = TwoComputersMarks.of(context, pairs);
            int seen = 0;
            for (int i = 0; i < pairs.size(); i++) {
                List<Map<String, Object>> mis = plain(marks.mis(i));
                List<Map<String, Object>> locks = plain(marks.locks(i));
                assertEquals(plain(misAlone(context, pairs.get(i))), mis, "pair " + i);
                assertEquals(plain(locksAlone(context, pairs.get(i))), locks, "pair " + i);
                seen += mis.size() + locks.size();
            }
            assertTrue(seen > 1000, "the pairs found rows: " + seen);
        }
    }

    private static Instant at(Random random) {
        return DAY.plusSeconds(60L * random.nextInt(3 * 24 * 60));
    }

    /** A host as the sessions name it (lower case, no domain); sometimes none. */
    private static String host(Random random) {
        String h = HOSTS[random.nextInt(HOSTS.length)];
        return h == null ? null : h.toLowerCase(java.util.Locale.ROOT).split("\\.")[0];
    }

    /** The pair's MIS use as TwoComputers asked it, one statement per pair. */
    private static List<Row> misAlone(AuditContext context, Row r) {
        return context.engine().query("SELECT event_id, ts, lower(split_part(workstation, '.', 1)) AS host "
                + "FROM record_access WHERE staff_id = " + Sql.text(r.text("staff_id")) + " AND ts >= "
                + AuditPeriod.sql(r.instant("b_start").minusSeconds(60)) + " AND ts <= " + AuditPeriod.sql(r.instant("overlap_to"))
                + " AND lower(split_part(workstation, '.', 1)) IN (" + Sql.text(r.text("a_host")) + ", "
                + Sql.text(r.text("b_host")) + ") ORDER BY ts, host, event_id");
    }

    /** The pair's locks and unlocks as TwoComputers asked them, one statement per pair. */
    private static List<Row> locksAlone(AuditContext context, Row r) {
        return context.engine().query("SELECT event_id, ts, kind, lower(split_part(workstation, '.', 1)) AS host "
                + "FROM logon_events WHERE source = 'windows' AND lower(account) = lower(" + Sql.text(r.text("account"))
                + ") AND kind IN ('lock', 'unlock') AND ts >= " + AuditPeriod.sql(r.instant("a_start")) + " AND ts <= "
                + AuditPeriod.sql(r.instant("overlap_to")) + " AND lower(split_part(workstation, '.', 1)) IN ("
                + Sql.text(r.text("a_host")) + ", " + Sql.text(r.text("b_host")) + ") ORDER BY ts, event_id");
    }

    /** The columns the rule reads, without the batch's pair number. */
    private static List<Map<String, Object>> plain(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new HashMap<>();
            m.put("event_id", r.text("event_id"));
            m.put("ts", r.instant("ts"));
            m.put("host", r.text("host"));
            m.put("kind", rowsKind(r));
            out.add(m);
        }
        return out;
    }

    private static String rowsKind(Row r) {
        try {
            return r.text("kind");
        } catch (IllegalArgumentException none) {
            return null;
        }
    }
}
