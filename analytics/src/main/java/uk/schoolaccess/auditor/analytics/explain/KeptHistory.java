package uk.schoolaccess.auditor.analytics.explain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.engine.DuckDbEngine;
import uk.schoolaccess.auditor.analytics.engine.Engine;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;
import uk.schoolaccess.auditor.analytics.engine.SqlResource;
import uk.schoolaccess.auditor.analytics.audit.KeptState;
import java.util.OptionalLong;

/**
 * The baseline history's accesses kept between audits (migration V022), so a week's audit does not
 * read eight weeks of accesses again. Of the history's whole UTC days before live_from (whose
 * explanations earlier audits kept: Explanations.liveFrom) an audit needs only each member of
 * staff's day count of the accesses a roster relationship explains (history_roster_days), the
 * accesses no roster relationship explains (they may be unexplained), and the register marks the
 * cover registers read besides: every mark in a slot in which the same person marked such a pupil
 * that day, and every mark of a slot across midnight (so a slot opened on a neighbouring day finds
 * them). Per UTC day those depend only on that day's accesses and the roster: each audit keeps the
 * whole UTC days of its window it read whole, throws away the days of accesses loaded since and
 * everything when a roster file was loaded since (it resolves accounts and relates pupils) or a
 * purge deleted the state. The result is the pupil_accesses rows and history_roster_days that
 * access_explained.sql reads, restricted to what the later steps look at: the same explanations.
 * DuckDB only, and only beside the kept teaching (KeptTeaching): the days its learning reads are
 * read whole from the accesses.
 */
final class KeptHistory {

    /** Changes whenever what a kept row means changes, so rows kept by an older build are rebuilt. */
    private static final String VERSION = "2";

    /** Where the accesses are read whole again, and the days to keep after reading them. */
    record Plan(Instant keptFrom, Instant keptTo, String madeWith, long lastBatch, List<Long> toKeep) {
    }

    private KeptHistory() {
    }

    /** Whether the store has the kept tables (DuckDB, migrated to V022). */
    static boolean available(AuditContext context) {
        return context.engine() instanceof DuckDbEngine && context.engine().query("SELECT count(*) AS n FROM "
                + "information_schema.tables WHERE table_name = 'kept_explain_state' AND table_schema = 'main'")
                .get(0).number("n") == 1;
    }

    /**
     * Throws away what can no longer be trusted (the state row first) and plans the reading: the
     * history's whole UTC days from keptFrom to keptTo come from the kept rows (the longest run of days
     * before live_from all kept and none read whole by the teaching's learning); every other whole UTC
     * day of the window not kept yet is kept once pupil_accesses holds it whole.
     */
    static Plan plan(AuditContext context, Instant liveFrom, KeptTeaching.Plan teaching) {
        Engine e = context.engine();
        // The statement's text is in the key too: its slot rule is what the kept marks were chosen by.
        String madeWith = String.join("|", VERSION, AuditContext.quotedList(AccessExplanation.JUDGED_ACTIONS),
                Integer.toHexString(SqlResource.load("access_explained").hashCode()));
        long lastBatch = e.query("SELECT coalesce(max(batch_id), 0) AS b FROM ingest_batches").get(0).number("b");
        forgetChanged(e, madeWith, lastBatch);

        long firstWhole = ceilDay(context.historyFrom());
        long endWhole = context.period().to().truncatedTo(ChronoUnit.DAYS).getEpochSecond() / 86400;
        Set<Long> kept = new TreeSet<>();
        for (Row r : e.query("SELECT CAST(day - DATE '1970-01-01' AS BIGINT) AS d FROM kept_explain_days WHERE day >= "
                + date(firstWhole) + " AND day < " + date(endWhole))) {
            kept.add(r.number("d"));
        }
        // live_from is a UTC midnight after history_from, or history_from itself (nothing to take). The
        // kept rows are taken for the longest run of kept days the learning does not read.
        long live = liveFrom.getEpochSecond() / 86400;
        long keptFrom = live;
        long keptTo = live;
        if (liveFrom.isAfter(context.historyFrom())) {
            for (long d = firstWhole; d < live; ) {
                long start = d;
                while (d < live && kept.contains(d) && !teaching.reads(d)) {
                    d++;
                }
                if (d - start > keptTo - keptFrom) {
                    keptFrom = start;
                    keptTo = d;
                }
                d = Math.max(d, start + 1);
            }
        }
        List<Long> toKeep = new ArrayList<>();
        for (long d = firstWhole; d < endWhole; d++) {
            if (!kept.contains(d) && (d < keptFrom || d >= keptTo)) {
                toKeep.add(d);
            }
        }
        return keptFrom == keptTo ? new Plan(liveFrom, liveFrom, madeWith, lastBatch, toKeep)
                : new Plan(Instant.ofEpochSecond(keptFrom * 86400), Instant.ofEpochSecond(keptTo * 86400), madeWith,
                        lastBatch, toKeep);
    }

    /** Adds the kept rows of [keptFrom, keptTo) to pupil_accesses (run right after it is built). */
    static void addAccesses(Engine e, Plan plan) {
        if (plan.keptFrom().isBefore(plan.keptTo())) {
            e.execute("INSERT INTO pupil_accesses SELECT CAST(NULL AS VARCHAR) AS event_id, source, ts, staff_id, action, "
                    + "area, pupil_id, CAST(NULL AS VARCHAR) AS incident_id, roster_related FROM kept_explain_accesses "
                    + "WHERE ts >= " + AuditPeriod.sql(plan.keptFrom()) + " AND ts < " + AuditPeriod.sql(plan.keptTo()));
        }
    }

    /** Adds the kept counts of [keptFrom, keptTo) to history_roster_days (run right after it is built). */
    static void addCounts(Engine e, Plan plan) {
        if (plan.keptFrom().isBefore(plan.keptTo())) {
            e.execute("INSERT INTO history_roster_days SELECT staff_id, day, accesses FROM kept_explain_counts "
                    + "WHERE day >= " + date(plan.keptFrom().getEpochSecond() / 86400) + " AND day < "
                    + date(plan.keptTo().getEpochSecond() / 86400));
        }
    }

    /**
     * Keeps the planned days from pupil_accesses (which holds each of them whole: read from
     * record_access, not from kept rows), then the state. Run before anything else changes
     * pupil_accesses' rows of those days.
     */
    static void keep(Engine e, Plan plan) {
        if (!plan.toKeep().isEmpty()) {
            e.execute("CREATE OR REPLACE TEMP TABLE _kept_days AS SELECT * FROM (VALUES " + plan.toKeep().stream()
                    .map(d -> "(" + date(d) + ")").collect(Collectors.joining(", ")) + ") v(day)");
            e.execute("CREATE OR REPLACE TEMP TABLE _kept_rows AS SELECT source, ts, staff_id, action, area, pupil_id, "
                    + "roster_related, to_date(ts) AS day FROM pupil_accesses WHERE incident_id IS NULL AND pupil_id IS NOT NULL "
                    + "AND (" + ranges(plan.toKeep()) + ")");
            e.execute("INSERT INTO kept_explain_counts SELECT staff_id, day, count(*) FROM _kept_rows WHERE roster_related "
                    + "GROUP BY staff_id, day");
            // The slots a mark of a pupil the roster does not relate the marker to opens: unrelated_marks'
            // own rule over the whole day, so a mark carrying an incident (read live, not kept) opens them too.
            e.execute("CREATE OR REPLACE TEMP TABLE _kept_open AS SELECT DISTINCT staff_id, "
                    + "floor(unix_timestamp(ts) / 1200) AS slot_a, floor((unix_timestamp(ts) + 600) / 1200) AS slot_b "
                    + "FROM pupil_accesses WHERE area = 'attendance' AND action = 'edit' AND staff_id IS NOT NULL "
                    + "AND NOT roster_related AND (" + ranges(plan.toKeep()) + ")");
            e.execute("INSERT INTO kept_explain_accesses SELECT r.source, r.ts, r.staff_id, r.action, r.area, r.pupil_id, "
                    + "r.roster_related FROM _kept_rows r "
                    + "LEFT JOIN (SELECT DISTINCT staff_id, slot_a FROM _kept_open) oa ON oa.staff_id = r.staff_id "
                    + "AND oa.slot_a = floor(unix_timestamp(r.ts) / 1200) "
                    + "LEFT JOIN (SELECT DISTINCT staff_id, slot_b FROM _kept_open) ob ON ob.staff_id = r.staff_id "
                    + "AND ob.slot_b = floor((unix_timestamp(r.ts) + 600) / 1200) "
                    + "WHERE NOT r.roster_related OR (r.area = 'attendance' AND r.action = 'edit' AND ("
                    + "CAST(floor((unix_timestamp(r.ts) + 600) / 1200) AS BIGINT) % 72 = 0 "
                    + "OR oa.staff_id IS NOT NULL OR ob.staff_id IS NOT NULL))");
            e.execute("INSERT INTO kept_explain_days SELECT day FROM _kept_days");
            for (String t : List.of("_kept_days", "_kept_rows", "_kept_open")) {
                e.execute("DROP TABLE IF EXISTS " + t);
            }
        }
        e.execute("DELETE FROM kept_explain_state");
        e.execute("INSERT INTO kept_explain_state VALUES ('" + plan.madeWith().replace("'", "''") + "', "
                + plan.lastBatch() + ")");
    }

    /**
     * Throws away what can no longer be trusted: everything when the rows were made otherwise, the
     * state is missing (an audit stopped part way, a purge) or a roster file was loaded since, else
     * the UTC days of the accesses loaded since. The state row goes first.
     */
    private static void forgetChanged(Engine e, String madeWith, long lastBatch) {
        OptionalLong trusted = KeptState.trustedSince(e, e.query("SELECT made_with, last_batch FROM kept_explain_state"),
                madeWith, lastBatch);
        e.execute("DELETE FROM kept_explain_state");
        if (trusted.isEmpty()) {
            for (String t : List.of("kept_explain_counts", "kept_explain_accesses", "kept_explain_days")) {
                e.execute("DELETE FROM " + t);
            }
            return;
        }
        long since = trusted.getAsLong();
        if (since >= lastBatch) {
            return;
        }
        e.execute("CREATE OR REPLACE TEMP TABLE _kept_changed AS SELECT DISTINCT to_date(ts) AS day FROM record_access "
                + "WHERE batch_id > " + since);
        e.execute("DELETE FROM kept_explain_days WHERE day IN (SELECT day FROM _kept_changed)");
        e.execute("DELETE FROM kept_explain_counts WHERE day IN (SELECT day FROM _kept_changed)");
        e.execute("DELETE FROM kept_explain_accesses WHERE to_date(ts) IN (SELECT day FROM _kept_changed)");
        e.execute("DROP TABLE IF EXISTS _kept_changed");
    }

    /** The UTC days as ranges of ts, one per run of consecutive days. */
    private static String ranges(List<Long> days) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < days.size(); ) {
            int j = i;
            while (j + 1 < days.size() && days.get(j + 1) == days.get(j) + 1) {
                j++;
            }
            out.add("(ts >= " + AuditPeriod.sql(Instant.ofEpochSecond(days.get(i) * 86400)) + " AND ts < "
                    + AuditPeriod.sql(Instant.ofEpochSecond((days.get(j) + 1) * 86400)) + ")");
            i = j + 1;
        }
        return String.join(" OR ", out);
    }

    private static long ceilDay(Instant t) {
        long s = t.getEpochSecond();
        return Math.floorDiv(s, 86400) + (Math.floorMod(s, 86400) == 0 && t.getNano() == 0 ? 0 : 1);
    }

    private static String date(long epochDay) {
        return Sql.date(LocalDate.ofEpochDay(epochDay));
    }
}
