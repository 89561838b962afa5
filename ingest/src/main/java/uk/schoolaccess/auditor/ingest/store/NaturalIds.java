package uk.schoolaccess.auditor.ingest.store;

import java.util.List;
import java.util.Map;

/**
 * Event ids from the data, not the bytes: a staged event's id is a hash of its field values
 * (the identity macros of migration V016, which also gave every event stored before it its
 * natural id), so the same events re-downloaded with their columns in another order, an extra
 * column, or one JSON record per line are found stored and add nothing.
 *
 * <p>Two identical events in one file are two real events (a SIMS export has minute resolution;
 * on the autumn clock change 01:30 happens twice), so the n-th repeat within a file gets the
 * n-th id, in line order.
 */
final class NaturalIds {

    /** Each event table's identity macro, called with the table's own columns. */
    private static final Map<String, String> IDENTITY = Map.of(
            "signins", "signin_identity(source, ts, account, app, ip, device_id, client_app, auth_requirement, "
                    + "mfa_result, success, error_code, session_id)",
            "logon_events", "logon_identity(source, ts, account, workstation, logon_id, kind, logon_type, ip, mfa, "
                    + "session_id)",
            "record_access", "access_identity(source, ts, account, action, area, pupil_id, incident_id, category, "
                    + "row_count, workstation, ip, session_id)");

    private NaturalIds() {
    }

    /**
     * Names each staged event by its natural id, in place: first every row by its identity, then
     * only the rows whose identity repeats in the file (a few dozen in a week's 100,000) are
     * numbered, the n-th in line order getting the n-th id. (Numbering every row with a window
     * over the whole stage, and copying it, cost six times as much.) The repeats are found by the
     * ids' 64-bit hashes: grouping a week's 100,000 numbers instead of its 32-character ids halved
     * the statement (merge10, session 10); two different ids that share a hash only both become
     * candidates, as the numbering itself is by the id.
     */
    static List<String> nameStaged(String table, String stage) {
        String identity = IDENTITY.get(table);
        if (identity == null) {
            throw new IllegalArgumentException("not an event table: " + table);
        }
        return List.of("UPDATE " + stage + " SET event_id = " + identity,
                "UPDATE " + stage + " SET event_id = natural_nth(d.event_id, d.n) FROM (SELECT rowid AS r, event_id, "
                        + "row_number() OVER (PARTITION BY event_id ORDER BY line_no) AS n FROM " + stage
                        + " WHERE hash(event_id) IN (SELECT h FROM (SELECT hash(event_id) AS h FROM " + stage
                        + ") GROUP BY h HAVING count(*) > 1)) d "
                        + "WHERE " + stage + ".rowid = d.r AND d.n > 1");
    }

    /**
     * Drops from the (named) staging table the events already stored. A stored event's natural id
     * is its natural_id (events stored before V016, which keep their old event_id) or else its
     * event_id.
     *
     * @param storedSlice a WHERE clause limiting the stored events compared (or "")
     */
    static String dropStored(String table, String stage, String storedSlice) {
        return "DELETE FROM " + stage + " WHERE event_id IN (SELECT coalesce(natural_id, event_id) FROM " + table
                + storedSlice + ")";
    }
}
