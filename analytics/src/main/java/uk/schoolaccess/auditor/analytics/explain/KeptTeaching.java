package uk.schoolaccess.auditor.analytics.explain;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.engine.Engine;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.audit.KeptState;
import java.util.OptionalLong;

/**
 * The teaching seen from activity (activity_seen), learned from the store's kept teaching
 * activity (migration V020) instead of from every access of the baseline weeks again. Each audit
 * keeps the school days of its window not kept yet, and keeps again the days whose activity may
 * have changed since (a file loaded since, a roster that resolved accounts, other settings); a
 * purge throws everything kept away. Days the window only partly covers are learned from their
 * accesses, as before. The result is the table access_explained.sql would have built: the same
 * rows. DuckDB only (Spark recomputes).
 */
final class KeptTeaching {

    /** Changes whenever what a kept row means changes, so rows kept by an older build are rebuilt. */
    private static final String VERSION = "1";

    private static final String KEY = "staff_id, pupil_id, kind, weekday, slot, shift";

    /**
     * After a WITH clause named bits with a UBIGINT column b: s6 adds top, b with every bit below
     * its highest set (shifts by 1, 2, 4, ..., 32), so bit_count(top) - 1 is the highest bit.
     */
    static final String TOP_BITS = "smeared AS (SELECT *, b | (b >> 1) AS s1 FROM bits), "
            + "s2 AS (SELECT *, s1 | (s1 >> 2) AS s2 FROM smeared), "
            + "s3 AS (SELECT *, s2 | (s2 >> 4) AS s3 FROM s2), "
            + "s4 AS (SELECT *, s3 | (s3 >> 8) AS s4 FROM s3), "
            + "s5 AS (SELECT *, s4 | (s4 >> 16) AS s5 FROM s4), "
            + "s6 AS (SELECT *, s5 | (s5 >> 32) AS top FROM s5), ";

    private KeptTeaching() {
    }

    /**
     * Whether this audit uses kept rows: DuckDB, learning from activity on, the store migrated, and
     * a period no longer than its baseline history (a week's or a month's audit). A longer period
     * (a term, a year, the whole store) learns mostly days no earlier audit kept, and keeping them
     * all cost the 39-week school's whole audit 2.7 to 4.3 s more (12-20%) than learning from the
     * accesses, so such an audit learns from the accesses and leaves the kept rows as they are.
     */
    static boolean applies(AuditContext context, Map<String, String> params) {
        java.time.Instant from = context.period().from();
        boolean shortPeriod = java.time.Duration.between(from, context.period().to())
                .compareTo(java.time.Duration.between(context.historyFrom(), from)) <= 0;
        return shortPeriod && context.engine() instanceof DuckDbEngine && "true".equals(params.get("activity_on"))
                && context.engine().query("SELECT count(*) AS n FROM information_schema.tables "
                        + "WHERE table_name = 'kept_teaching_state' AND table_schema = 'main'").get(0).number("n") == 1;
    }

    /**
     * What an audit learns from accesses and what it takes from the kept rows: made first (before
     * pupil_accesses), so KeptHistory knows which UTC days of accesses the learning reads whole.
     * Throws away the kept rows that can no longer be trusted (and the state row, first).
     */
    record Plan(String madeWith, long lastBatch, long first, long end, List<Long> missing, List<String> ranges,
                List<long[]> utcDaysRead) {

        /** Whether the learning reads any access of UTC day (days since 1970-01-01) d. */
        boolean reads(long d) {
            return utcDaysRead.stream().anyMatch(r -> d >= r[0] && d < r[1]);
        }
    }

    static Plan plan(AuditContext context, Map<String, String> params) {
        Engine e = context.engine();
        String madeWith = String.join("|", VERSION, context.zone().getId(), params.get("day_start_minute"),
                params.get("day_end_minute"), params.get("activity_min_register"), params.get("activity_areas"));
        long lastBatch = e.query("SELECT coalesce(max(batch_id), 0) AS b FROM ingest_batches").get(0).number("b");
        forgetChanged(e, madeWith, lastBatch);

        // The whole local days of the window [history_from, to); a day it cuts is learned from its accesses.
        ZonedDateTime from = context.historyFrom().atZone(context.zone());
        ZonedDateTime to = context.period().to().atZone(context.zone());
        long first = from.toLocalDate().toEpochDay() + (from.toLocalTime().equals(LocalTime.MIDNIGHT) ? 0 : 1);
        long end = to.toLocalDate().toEpochDay();
        boolean cutFirst = !from.toLocalTime().equals(LocalTime.MIDNIGHT);
        boolean cutLast = !to.toLocalTime().equals(LocalTime.MIDNIGHT);
        Set<Long> kept = new TreeSet<>();
        for (Row r : e.query("SELECT local_day FROM kept_teaching_days WHERE local_day >= " + first
                + " AND local_day < " + end)) {
            kept.add(r.number("local_day"));
        }
        List<Long> missing = new ArrayList<>();
        for (long d = first; d < end; d++) {
            if (!kept.contains(d)) {
                missing.add(d);
            }
        }

        // The accesses of the days to learn (UTC days around each, a superset for any zone).
        List<String> ranges = new ArrayList<>();
        List<long[]> utcDays = new ArrayList<>();
        for (int i = 0; i < missing.size(); ) {
            int j = i;
            while (j + 1 < missing.size() && missing.get(j + 1) == missing.get(j) + 1) {
                j++;
            }
            ranges.add("(ts >= " + utcDay(missing.get(i) - 1) + " AND ts < " + utcDay(missing.get(j) + 2) + ")");
            utcDays.add(new long[] {missing.get(i) - 1, missing.get(j) + 2});
            i = j + 1;
        }
        if (cutFirst) {
            ranges.add("ts < " + utcDay(first + 1));
            utcDays.add(new long[] {Long.MIN_VALUE, first + 1});
        }
        if (cutLast) {
            ranges.add("ts >= " + utcDay(end - 1));
            utcDays.add(new long[] {end - 1, Long.MAX_VALUE});
        }
        return new Plan(madeWith, lastBatch, first, end, missing, ranges, utcDays);
    }

    /**
     * Builds activity_seen, as planned. teachingActivity is access_explained.sql's statement that
     * builds teaching_activity from pupil_accesses; it is run over the accesses of the days to learn.
     */
    static void build(AuditContext context, Map<String, String> params, String teachingActivity, Plan plan) {
        Engine e = context.engine();
        String madeWith = plan.madeWith();
        long lastBatch = plan.lastBatch();
        long first = plan.first();
        long end = plan.end();
        List<Long> missing = plan.missing();
        List<String> ranges = plan.ranges();
        e.execute("CREATE OR REPLACE TEMP TABLE _kept_missing AS SELECT CAST(range AS BIGINT) AS local_day FROM range(0) "
                + (missing.isEmpty() ? "" : "UNION ALL SELECT * FROM (VALUES " + missing.stream()
                        .map(d -> "(CAST(" + d + " AS BIGINT))").collect(Collectors.joining(", ")) + ") v(local_day)"));
        e.execute("CREATE OR REPLACE TEMP VIEW _kept_accesses AS SELECT * FROM pupil_accesses WHERE "
                + (ranges.isEmpty() ? "false" : String.join(" OR ", ranges)));
        e.execute(teachingActivity.replace("FROM pupil_accesses", "FROM _kept_accesses"));
        e.execute("DELETE FROM teaching_activity WHERE local_day >= " + first + " AND local_day < " + end
                + " AND local_day NOT IN (SELECT local_day FROM _kept_missing)");
        // When the window is whole local days within one block of weeks (a week's audit), the new
        // days are merged in first and every key's days are its bits alone: one row per key, no
        // grouping of the kept keys with the new days' rows (the grouping was most of this step).
        // Otherwise (a day the window cuts, which is never kept; a window across two blocks) the
        // new days' rows are counted beside the kept bits, before they are merged in.
        boolean bitsAlone = plan.utcDaysRead().stream().noneMatch(r -> r[0] == Long.MIN_VALUE || r[1] == Long.MAX_VALUE)
                && end > first && Math.floorDiv(first + 3, 7 * 64) == Math.floorDiv(end - 1 + 3, 7 * 64);
        // A register counts on a day when the member of staff marked enough pupils in the slot
        // (read once, by the merge, when the bits alone give the days: not written out then).
        e.execute("CREATE OR REPLACE TEMP " + (bitsAlone ? "VIEW" : "TABLE") + " _kept_qualified AS "
                + "WITH registers AS (SELECT staff_id, local_day, slot, shift FROM teaching_activity WHERE kind = 'register' "
                + "GROUP BY staff_id, local_day, slot, shift HAVING count(*) >= " + params.get("activity_min_register") + ") "
                + "SELECT s.staff_id, s.pupil_id, s.kind, s.local_day, s.weekday, s.slot, s.shift FROM teaching_activity s "
                + "LEFT JOIN registers r ON r.staff_id = s.staff_id AND r.local_day = s.local_day AND r.slot = s.slot "
                + "AND r.shift = s.shift WHERE s.kind = 'records' OR r.staff_id IS NOT NULL");
        if (bitsAlone) {
            if (!missing.isEmpty()) {
                keep(e, first, end);
            }
            seen(e, params, first, end, true);
        } else {
            seen(e, params, first, end, false);
            if (!missing.isEmpty()) {
                keep(e, first, end);
            }
        }
        e.execute("DELETE FROM kept_teaching_state");
        e.execute("INSERT INTO kept_teaching_state VALUES ('" + madeWith.replace("'", "''") + "', " + lastBatch + ")");
        e.execute("DROP VIEW IF EXISTS _kept_accesses");
        e.execute("DROP " + (bitsAlone ? "VIEW" : "TABLE") + " IF EXISTS _kept_qualified");
        for (String t : List.of("_kept_missing", "_kept_masks", "teaching_activity")) {
            e.execute("DROP TABLE IF EXISTS " + t);
        }
    }

    /**
     * Throws away what can no longer be trusted: everything when the settings differ or a roster
     * was loaded since (it resolves stored accounts to staff), else the days (with a day either
     * side, whatever the zone) of the accesses loaded since.
     */
    private static void forgetChanged(Engine e, String madeWith, long lastBatch) {
        OptionalLong trusted = KeptState.trustedSince(e, e.query("SELECT made_with, last_batch FROM kept_teaching_state"),
                madeWith, lastBatch);
        if (trusted.isEmpty()) {
            for (String t : List.of("kept_teaching", "kept_teaching_at_work", "kept_teaching_days", "kept_teaching_state")) {
                e.execute("DELETE FROM " + t);
            }
            return;
        }
        long since = trusted.getAsLong();
        // The audit's statements each commit on their own: with the state gone first, an audit that
        // stops part way leaves kept rows the next audit does not trust, never half-updated ones it does.
        e.execute("DELETE FROM kept_teaching_state");
        if (since >= lastBatch) {
            return;
        }
        e.execute("CREATE OR REPLACE TEMP TABLE _kept_changed AS SELECT DISTINCT CAST(floor(epoch(ts) / 86400) AS BIGINT) "
                + "+ k.k AS local_day FROM record_access CROSS JOIN (VALUES (-1), (0), (1)) k(k) WHERE batch_id > " + since);
        e.execute("DELETE FROM kept_teaching_days WHERE local_day IN (SELECT local_day FROM _kept_changed)");
        e.execute("DELETE FROM kept_teaching_at_work WHERE local_day IN (SELECT local_day FROM _kept_changed)");
        e.execute("UPDATE kept_teaching k SET weeks = k.weeks & (~c.mask) FROM (SELECT CAST((local_day + 3) % 7 AS TINYINT) "
                + "AS weekday, CAST((local_day + 3) // 7 // 64 AS INTEGER) AS block, bit_or(CAST(1 AS UBIGINT) "
                + "<< CAST((local_day + 3) // 7 % 64 AS INTEGER)) AS mask FROM _kept_changed GROUP BY ALL) c "
                + "WHERE k.weekday = c.weekday AND k.block = c.block AND (k.weeks & c.mask) <> 0");
        e.execute("DROP TABLE IF EXISTS _kept_changed");
    }

    /** Adds the learned days' weeks to the kept rows. */
    private static void keep(Engine e, long first, long end) {
        String inWindow = "local_day >= " + first + " AND local_day < " + end;
        e.execute("CREATE OR REPLACE TEMP TABLE _kept_new AS SELECT staff_id, pupil_id, kind, CAST(weekday AS TINYINT) AS weekday, "
                + "CAST(slot AS TINYINT) AS slot, CAST(shift AS TINYINT) AS shift, "
                + "CAST((local_day + 3) // 7 // 64 AS INTEGER) AS block, "
                + "bit_or(CAST(1 AS UBIGINT) << CAST((local_day + 3) // 7 % 64 AS INTEGER)) AS weeks "
                + "FROM _kept_qualified WHERE " + inWindow + " GROUP BY ALL");
        String same = List.of("staff_id", "pupil_id", "kind", "weekday", "slot", "shift", "block").stream()
                .map(c -> "k." + c + " = n." + c).collect(Collectors.joining(" AND "));
        // One MERGE (each new key-block is one row of _kept_new, so it meets at most one kept row): an
        // UPDATE of the keys already kept and an INSERT of the others joined the kept rows twice.
        e.execute("MERGE INTO kept_teaching k USING _kept_new n ON (" + same + ") "
                + "WHEN MATCHED THEN UPDATE SET weeks = k.weeks | n.weeks "
                + "WHEN NOT MATCHED THEN INSERT (staff_id, pupil_id, kind, weekday, slot, shift, block, weeks) "
                + "VALUES (n.staff_id, n.pupil_id, n.kind, n.weekday, n.slot, n.shift, n.block, n.weeks)");
        e.execute("INSERT INTO kept_teaching_at_work SELECT DISTINCT staff_id, CAST(local_day AS INTEGER) "
                + "FROM teaching_activity WHERE " + inWindow);
        e.execute("INSERT INTO kept_teaching_days SELECT CAST(local_day AS INTEGER) FROM _kept_missing");
        e.execute("DROP TABLE IF EXISTS _kept_new");
    }

    /**
     * activity_seen as access_explained.sql defines it: a key's days in the window are its kept
     * bits of the window's weeks (for its weekday) and its rows of the days learned now (not kept
     * yet, or cut by the window; no kept bit is set for them); the lowest and highest bit give the
     * first and last day.
     */
    private static void seen(Engine e, Map<String, String> params, long first, long end, boolean bitsAlone) {
        e.execute("CREATE OR REPLACE TEMP TABLE _kept_masks AS SELECT CAST((d + 3) % 7 AS TINYINT) AS weekday, "
                + "CAST((d + 3) // 7 // 64 AS INTEGER) AS block, bit_or(CAST(1 AS UBIGINT) << CAST((d + 3) // 7 % 64 AS INTEGER)) "
                + "AS mask FROM (SELECT range AS d FROM range(" + first + ", " + Math.max(first, end) + ")) GROUP BY ALL");
        e.execute("CREATE OR REPLACE TEMP TABLE activity_seen AS "
                + "WITH bits AS (SELECT k.staff_id, k.pupil_id, k.kind, CAST(k.weekday AS BIGINT) AS weekday, k.slot, k.shift, "
                + "CAST(k.block AS BIGINT) * 64 AS base, k.weeks & m.mask AS b "
                + "FROM kept_teaching k JOIN _kept_masks m ON m.weekday = k.weekday AND m.block = k.block "
                + "WHERE " + (bitsAlone ? "bit_count(k.weeks & m.mask) >= 2" : "(k.weeks & m.mask) <> 0") + "), "
                + TOP_BITS
                + "days AS (SELECT " + KEY + ", CAST(bit_count(b) AS BIGINT) AS days, "
                + "(base + bit_count((b & ((~b) + CAST(1 AS UBIGINT))) - CAST(1 AS UBIGINT))) * 7 + weekday - 3 AS first_day, "
                + "(base + bit_count(top) - 1) * 7 + weekday - 3 AS last_day FROM s6"
                + (bitsAlone ? "), " : " UNION ALL SELECT " + KEY + ", count(*) AS days, min(local_day) AS first_day, "
                        + "max(local_day) AS last_day FROM _kept_qualified GROUP BY " + KEY + "), ")
                + "repeats AS (SELECT staff_id, pupil_id, kind, CAST(weekday AS INTEGER) AS weekday, "
                + "CAST(slot AS INTEGER) * 30 - CAST(shift AS INTEGER) * 15 AS slot_start, "
                + (bitsAlone ? "days, CAST(first_day AS BIGINT) AS first_day, CAST(last_day AS BIGINT) AS last_day FROM days), "
                        : "CAST(sum(days) AS BIGINT) AS days, CAST(min(first_day) AS BIGINT) AS first_day, "
                        + "CAST(max(last_day) AS BIGINT) AS last_day FROM days GROUP BY " + KEY + " HAVING sum(days) >= 2), ")
                + "at_work AS (SELECT staff_id, CAST((local_day + 3) % 7 AS INTEGER) AS weekday, count(*) AS days_at_work FROM ("
                + "SELECT staff_id, CAST(local_day AS BIGINT) AS local_day FROM kept_teaching_at_work "
                + "WHERE local_day >= " + first + " AND local_day < " + end
                + (bitsAlone ? "" : " UNION ALL SELECT DISTINCT staff_id, local_day FROM teaching_activity") + ") d GROUP BY ALL) "
                + "SELECT r.staff_id, r.pupil_id, r.kind, r.weekday, r.slot_start, r.days, r.first_day, r.last_day "
                + "FROM repeats r JOIN at_work w ON w.staff_id = r.staff_id AND w.weekday = r.weekday "
                + "WHERE r.days >= least(" + params.get("activity_min_weeks") + ", w.days_at_work)");
    }

    private static String utcDay(long epochDay) {
        return "TIMESTAMP '" + java.time.LocalDate.ofEpochDay(epochDay) + " 00:00:00'";
    }
}
