package uk.schoolaccess.auditor.analytics.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;

/**
 * The signs of life {@link TwoComputers} judges each pair of sessions by: the account's MIS use on
 * either computer, and the Windows locks and unlocks there. Read for many pairs in one statement
 * each (the pairs as a list of values joined to the store), in each pair's own order: a whole
 * year's audit asked two statements per pair, about 900 in all, most of the detector's time.
 */
final class TwoComputersMarks {

    /** Pairs per statement: keeps each statement's list of values short. */
    private static final int CHUNK = 500;

    private final Map<Long, List<Row>> mis;
    private final Map<Long, List<Row>> locks;

    private TwoComputersMarks(Map<Long, List<Row>> mis, Map<Long, List<Row>> locks) {
        this.mis = mis;
        this.locks = locks;
    }

    static TwoComputersMarks of(AuditContext context, List<Row> pairs) {
        Map<Long, List<Row>> mis = new TreeMap<>();
        Map<Long, List<Row>> locks = new TreeMap<>();
        for (int start = 0; start < pairs.size(); start += CHUNK) {
            List<Row> chunk = pairs.subList(start, Math.min(pairs.size(), start + CHUNK));
            read(context, chunk, start, mis, r -> r.text("staff_id"), r -> r.instant("b_start").minusSeconds(60),
                    "SELECT p.i, e.event_id, e.ts, lower(split_part(e.workstation, '.', 1)) AS host "
                    + "FROM record_access e JOIN pairs p ON e.staff_id = p.who AND e.ts >= p.lo AND e.ts <= p.hi "
                    + "AND lower(split_part(e.workstation, '.', 1)) IN (p.a, p.b) WHERE %s "
                    + "ORDER BY p.i, e.ts, host, e.event_id");
            read(context, chunk, start, locks, r -> r.text("account"), r -> r.instant("a_start"),
                    "SELECT p.i, e.event_id, e.ts, e.kind, lower(split_part(e.workstation, '.', 1)) AS host "
                    + "FROM logon_events e JOIN pairs p ON lower(e.account) = lower(p.who) AND e.ts >= p.lo AND e.ts <= p.hi "
                    + "AND lower(split_part(e.workstation, '.', 1)) IN (p.a, p.b) "
                    + "WHERE %s AND e.source = 'windows' AND e.kind IN ('lock', 'unlock') ORDER BY p.i, e.ts, e.event_id");
        }
        return new TwoComputersMarks(mis, locks);
    }

    /** The MIS use of pair i (ts, host, event_id), as the pair's own statement ordered it. */
    List<Row> mis(int i) {
        return mis.getOrDefault((long) i, List.of());
    }

    /** The locks and unlocks of pair i (ts, kind, host, event_id), in the pair's own order. */
    List<Row> locks(int i) {
        return locks.getOrDefault((long) i, List.of());
    }

    /**
     * Runs select over the chunk's pairs as a WITH clause pairs(i, who, lo, hi, a, b): each pair's
     * person (who), its window [lo, hi] (hi: the end of the overlap) and its two computers. select's
     * %s is given the bounds of every window on e.ts, so the store skips the days no pair looks at.
     */
    private static void read(AuditContext context, List<Row> chunk, int first, Map<Long, List<Row>> into,
                             Function<Row, String> who, Function<Row, Instant> lo, String select) {
        List<String> values = new ArrayList<>();
        Instant least = null;
        Instant most = null;
        for (int j = 0; j < chunk.size(); j++) {
            Row r = chunk.get(j);
            Instant from = lo.apply(r);
            Instant to = r.instant("overlap_to");
            least = least == null || from.isBefore(least) ? from : least;
            most = most == null || to.isAfter(most) ? to : most;
            values.add("(" + (first + j) + ", " + text(who.apply(r)) + ", " + AuditPeriod.sql(from) + ", "
                    + AuditPeriod.sql(to) + ", " + text(r.text("a_host")) + ", " + text(r.text("b_host")) + ")");
        }
        if (values.isEmpty()) {
            return;
        }
        String bounds = "e.ts >= " + AuditPeriod.sql(least) + " AND e.ts <= " + AuditPeriod.sql(most);
        for (Row row : context.engine().query("WITH pairs AS (SELECT * FROM (VALUES " + String.join(", ", values)
                + ") AS v(i, who, lo, hi, a, b)) " + String.format(java.util.Locale.ROOT, select, bounds))) {
            into.computeIfAbsent(row.number("i"), k -> new ArrayList<>()).add(row);
        }
    }

    /** A string value of the list, typed even when null (a list of nulls alone has no type). */
    private static String text(String s) {
        return s == null ? "CAST(NULL AS STRING)" : Sql.text(s);
    }
}
