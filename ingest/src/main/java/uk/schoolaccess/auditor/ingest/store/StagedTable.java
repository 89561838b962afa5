package uk.schoolaccess.auditor.ingest.store;

import java.util.List;

/**
 * How one canonical table takes a batch. Event tables are append-only and keyed by event_id:
 * rows already stored are duplicates. Roster tables are snapshots keyed by their natural key:
 * a row already stored is replaced, and counted as unchanged when it is identical.
 *
 * @param primary whether its rows are the file's records (counted in the report), not rows
 *                derived from them (a staff member's accounts, an incident's involvements)
 */
record StagedTable(String table, List<String> key, boolean events, boolean primary) {

    static final List<StagedTable> ALL = List.of(
            new StagedTable("record_access", List.of("event_id"), true, true),
            new StagedTable("logon_events", List.of("event_id"), true, true),
            new StagedTable("signins", List.of("event_id"), true, true),
            new StagedTable("staff", List.of("staff_id"), false, true),
            new StagedTable("staff_accounts", List.of("system", "account_key"), false, false),
            new StagedTable("pupils", List.of("pupil_id"), false, true),
            new StagedTable("pupil_accounts", List.of("system", "account_key"), false, false),
            new StagedTable("relationships", List.of("relationship_id"), false, true),
            new StagedTable("incidents", List.of("incident_id"), false, true),
            new StagedTable("incident_involvement", List.of("incident_id", "account", "kind"), false, false));

    /** Every table a batch stages rows for: the canonical tables above and the quarantine. */
    static final List<String> STAGED = java.util.stream.Stream.concat(ALL.stream().map(StagedTable::table),
            java.util.stream.Stream.of("quarantine")).toList();

    /** The temporary table a batch stages {@code table}'s rows in. */
    static String stageOf(String table) {
        return "temp._stage_" + table;
    }

    String stage() {
        return stageOf(table);
    }

    String keyList() {
        return String.join(", ", key);
    }
}
