package uk.schoolaccess.auditor.ingest.store;

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
     * Replaces the staging table by the same rows, each with its natural id as its event_id (the
     * n-th identical event of the file, in line order, gets the n-th id).
     */
    static String nameStaged(String table, String stage) {
        String identity = IDENTITY.get(table);
        if (identity == null) {
            throw new IllegalArgumentException("not an event table: " + table);
        }
        return "CREATE OR REPLACE TEMP TABLE " + stage.substring(stage.indexOf('.') + 1) + " AS "
                + "SELECT * EXCLUDE (event_identity, n) REPLACE (natural_nth(event_identity, n) AS event_id) FROM "
                + "(SELECT *, row_number() OVER (PARTITION BY event_identity ORDER BY line_no) AS n FROM "
                + "(SELECT *, " + identity + " AS event_identity FROM " + stage + "))";
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
