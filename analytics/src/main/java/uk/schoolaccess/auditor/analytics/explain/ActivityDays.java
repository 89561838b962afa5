package uk.schoolaccess.auditor.analytics.explain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.engine.Engine;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * The teaching seen in each school day's activity (access_explained.sql's {@code teaching_activity}:
 * each pupil once per member of staff, day, lesson slot and kind), kept in the store per local day
 * (V018: activity_days, activity_day_keys) so that a weekly audit, whose baseline history is the
 * last eight weeks' days again, builds only the days it has not seen. Most of a weekly audit's
 * explanation time was making those rows distinct again for every day of the history.
 *
 * <p>The kept rows are the statement's own output for that day, so reusing them gives exactly the
 * rows the statement would give. A day is reused only when nothing it is built from has changed:
 * the same statement (its text holds every setting it depends on: the school's zone and day, the
 * activity areas, learning on or off) and the same pupil-level accesses in the UTC days around it
 * (the day before, the day and the day after, which hold every access of a local day in any
 * zone): their number and an order-free digest (bit_xor of a hash) of each one's id and of every
 * column the statement reads. An access loaded late, a purge, an account resolved by a new roster:
 * the day is built again. Only days whose three UTC days lie wholly inside the audit's window are
 * kept or reused; the window's edge days are always built from the window's own accesses. Each
 * audit keeps only the days from the start of the next period's baseline history (the next period
 * starting where this one ends), so the store holds a baseline's worth of days.
 *
 * <p>DuckDB only, and only for an audit that saves into the store; the Spark engine and an audit
 * that saves nothing build every day as before.
 */
final class ActivityDays {

    /** The statement access_explained.sql builds teaching_activity with, and what it reads. */
    static final String STATEMENT = "CREATE OR REPLACE TEMP TABLE teaching_activity AS";
    private static final String SOURCE = "FROM pupil_accesses";

    private final Engine engine;
    private final long keepFromDay;
    private String key;
    private String built;

    /** For one audit; the days kept are those from {@code keepFromDay} (days since 1970-01-01) on. */
    ActivityDays(Engine engine, long keepFromDay) {
        this.engine = engine;
        this.keepFromDay = keepFromDay;
    }

    /** True for the one statement of access_explained.sql this class runs instead. */
    static boolean builds(String statement) {
        return statement.contains(STATEMENT);
    }

    /**
     * Builds teaching_activity: kept days from the store, the rest from the window's accesses with
     * the given statement.
     */
    void build(String statement, Map<String, String> params) {
        if (!statement.contains(SOURCE)) {
            throw new IllegalStateException("teaching_activity no longer reads pupil_accesses: ActivityDays needs updating");
        }
        key = "'" + digest(statement) + "'";
        String windowFrom = params.get("history_from");
        String windowTo = params.get("to");
        // Every UTC day wholly inside the window, with its pupil-level accesses counted and digested.
        engine.execute("CREATE OR REPLACE TEMP TABLE activity_utc_days AS "
                + "WITH bounds AS (SELECT CAST(" + windowFrom + " AS DATE) + CASE WHEN " + windowFrom
                + " = CAST(CAST(" + windowFrom + " AS DATE) AS TIMESTAMP) THEN 0 ELSE 1 END AS first_day, "
                + "CAST(" + windowTo + " AS DATE) AS end_day), "
                + "days AS (SELECT CAST(d AS DATE) AS utc_day FROM bounds, "
                + "generate_series(CAST(first_day AS TIMESTAMP), CAST(end_day AS TIMESTAMP) - INTERVAL 1 DAY, INTERVAL 1 DAY) g(d) "
                + "WHERE first_day < end_day), "
                + "seen AS (SELECT CAST(ts AS DATE) AS utc_day, count(*) AS accesses, "
                + "bit_xor(hash(event_id, staff_id)) AS digest "
                + "FROM pupil_accesses WHERE ts >= CAST((SELECT first_day FROM bounds) AS TIMESTAMP) "
                + "AND ts < CAST((SELECT end_day FROM bounds) AS TIMESTAMP) GROUP BY CAST(ts AS DATE)) "
                + "SELECT days.utc_day - DATE '1970-01-01' AS day_no, coalesce(seen.accesses, 0) AS accesses, "
                + "coalesce(seen.digest, CAST(0 AS UBIGINT)) AS digest "
                + "FROM days LEFT JOIN seen ON seen.utc_day = days.utc_day");
        // The local days whose UTC day before, day and day after are all inside the window, each with
        // what it is built from; those kept under the same key and the same accesses are reused.
        engine.execute("CREATE OR REPLACE TEMP TABLE activity_local_days AS "
                + "SELECT d.day_no AS local_day, sum(x.accesses) AS accesses, bit_xor(x.digest) AS digest "
                + "FROM activity_utc_days d JOIN activity_utc_days x ON x.day_no BETWEEN d.day_no - 1 AND d.day_no + 1 "
                + "GROUP BY d.day_no HAVING count(*) = 3");
        engine.execute("CREATE OR REPLACE TEMP TABLE activity_reused AS "
                + "SELECT l.local_day FROM activity_local_days l JOIN activity_day_keys k ON k.settings = " + key
                + " AND k.local_day = l.local_day AND k.accesses = l.accesses AND k.digest = l.digest");
        // An access of UTC day d belongs to local day d - 1, d or d + 1: when all three are reused it
        // is not read again.
        engine.execute("CREATE OR REPLACE TEMP TABLE activity_skipped_utc_days AS "
                + "SELECT r.local_day AS day_no FROM activity_reused r "
                + "JOIN activity_reused b ON b.local_day = r.local_day - 1 "
                + "JOIN activity_reused a ON a.local_day = r.local_day + 1");
        engine.execute("CREATE OR REPLACE TEMP VIEW activity_unseen_accesses AS SELECT p.* FROM pupil_accesses p "
                + "ANTI JOIN activity_skipped_utc_days s ON s.day_no = CAST(p.ts AS DATE) - DATE '1970-01-01'");
        // The kept days this audit does not reuse (other settings, changed accesses, outside the
        // window) are dropped now, so what is kept is exactly what is reused and is read unfiltered
        // (a filter on the kept rows made the learned rules' three reads of them slower than building
        // the days again). Keys go first (each statement is atomic): a failure between two
        // statements leaves at worst rows without a key, which no audit reuses and the next drops.
        engine.execute("DELETE FROM activity_day_keys WHERE settings <> " + key
                + " OR local_day NOT IN (SELECT local_day FROM activity_reused)");
        engine.execute("DELETE FROM activity_days WHERE settings <> " + key
                + " OR local_day NOT IN (SELECT local_day FROM activity_reused)");
        boolean reusing = !engine.query("SELECT 1 FROM activity_reused LIMIT 1").isEmpty();
        built = reusing ? "activity_built" : "teaching_activity";
        engine.execute(statement.replace(STATEMENT, "CREATE OR REPLACE TEMP TABLE " + built + " AS")
                .replace(SOURCE, "FROM activity_unseen_accesses"));
        if (reusing) {
            // A view: the steps after read it a few times, which costs less than copying the kept rows.
            engine.execute("CREATE OR REPLACE TEMP VIEW teaching_activity AS "
                    + "SELECT staff_id, pupil_id, kind, local_day, weekday, slot, shift FROM activity_days "
                    + "UNION ALL "
                    + "SELECT staff_id, pupil_id, kind, local_day, weekday, slot, shift FROM activity_built "
                    + "WHERE local_day NOT IN (SELECT local_day FROM activity_reused)");
        }
    }

    /** True for access_explained.sql's statement that drops teaching_activity once it is read. */
    static boolean drops(String statement) {
        return statement.strip().equals("DROP TABLE IF EXISTS teaching_activity");
    }

    /**
     * Once the learned rules have read teaching_activity: keeps the days built in the store, then
     * drops teaching_activity (a view over the kept days, or a table) and what it was built from.
     * The kept days change only now, as the view reads them.
     */
    void keepAndDrop() {
        // Kept: the days built whose accesses are wholly inside the window, and of the days reused
        // those from the start of the next period's baseline history on (keepFromDay: the days the
        // audit of the following period can reuse). Rows before their key, as above.
        engine.execute("DELETE FROM activity_day_keys WHERE local_day < " + keepFromDay);
        engine.execute("DELETE FROM activity_days WHERE local_day < " + keepFromDay);
        // The days that may be kept are one run of days (those of the window's whole UTC days), so a
        // range, not a look-up per row (a whole-store audit builds millions of rows).
        Row range = engine.query("SELECT min(local_day) AS first, max(local_day) AS last FROM activity_local_days").get(0);
        if (range.get("first") == null) {
            dropAll();
            return;
        }
        String fresh = "local_day BETWEEN " + Math.max(keepFromDay, range.number("first")) + " AND "
                + range.number("last") + (built.equals("teaching_activity") ? ""
                : " AND local_day NOT IN (SELECT local_day FROM activity_reused)");
        engine.execute("INSERT INTO activity_days (settings, local_day, staff_id, pupil_id, kind, weekday, slot, shift) "
                + "SELECT " + key + ", local_day, staff_id, pupil_id, kind, weekday, slot, shift FROM " + built
                + " WHERE " + fresh);
        engine.execute("INSERT INTO activity_day_keys (settings, local_day, accesses, digest) "
                + "SELECT " + key + ", local_day, accesses, digest FROM activity_local_days WHERE " + fresh);
        dropAll();
    }

    private void dropAll() {
        engine.execute(built.equals("teaching_activity") ? "DROP TABLE IF EXISTS teaching_activity"
                : "DROP VIEW IF EXISTS teaching_activity");
        engine.execute("DROP VIEW IF EXISTS activity_unseen_accesses");
        for (String t : new String[] {"activity_built", "activity_utc_days", "activity_local_days", "activity_reused",
                "activity_skipped_utc_days"}) {
            engine.execute("DROP TABLE IF EXISTS " + t);
        }
    }

    private static String digest(String statement) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(statement.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
