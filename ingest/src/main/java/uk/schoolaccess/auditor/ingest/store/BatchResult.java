package uk.schoolaccess.auditor.ingest.store;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What one file's ingest did: the figures printed per file and stored in ingest_batches.
 * {@code added} and {@code duplicates} count the file's records (rows derived from them, such
 * as a staff member's accounts, are not counted twice); {@code updated} are roster rows that
 * replaced a different stored version; {@code ignored} are well-formed records that are not
 * audit events (other Windows event ids, Google events that are not logins);
 * {@code implausibleTimes} are records quarantined because their time lies outside
 * ingest.earliest_time .. ingest.latest_time (counted in {@code quarantined} too).
 * {@code removed} are roster rows (logins, relationships) a roster file no longer lists and so
 * took away; {@code incompleteSnapshot}, when not null, says in plain words why a roster file
 * took nothing away: it was not read whole (see {@link #snapshotIncomplete}).
 */
public record BatchResult(long batchId, String path, String format, long rowsRead, long added, long duplicates,
                          long updated, long ignored, long quarantined, long ambiguousTimes, long implausibleTimes,
                          long unresolvedAccounts,
                          List<Quarantined> quarantinePreview, Duration elapsed, long removed,
                          String incompleteSnapshot) {

    /** A roster file with quarantined rows or a last line cut off: nothing it no longer lists was removed. */
    public boolean snapshotIncomplete() {
        return incompleteSnapshot != null;
    }

    /** What the command line prints and the inbox job reports for a roster file not read whole. */
    static String incompleteSnapshot(long quarantined, boolean lastLineUnended) {
        String why = quarantined > 0 ? String.format(Locale.UK, "%,d row%s quarantined", quarantined,
                quarantined == 1 ? "" : "s") : "its last line ends without a line break, as a download cut short does";
        return "roster snapshot incomplete (" + why + "): nothing removed; fix the export and load it again";
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double rowsPerSecond() {
        double s = seconds();
        return s <= 0 ? rowsRead : rowsRead / s;
    }
}
