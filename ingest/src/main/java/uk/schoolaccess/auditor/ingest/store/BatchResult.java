package uk.schoolaccess.auditor.ingest.store;

import java.time.Duration;
import java.util.List;

/**
 * What one file's ingest did: the figures printed per file and stored in ingest_batches.
 * {@code added} and {@code duplicates} count the file's records (rows derived from them, such
 * as a staff member's accounts, are not counted twice); {@code updated} are roster rows that
 * replaced a different stored version; {@code ignored} are well-formed records that are not
 * audit events (other Windows event ids, Google events that are not logins);
 * {@code implausibleTimes} are records quarantined because their time lies outside
 * ingest.earliest_time .. ingest.latest_time (counted in {@code quarantined} too).
 */
public record BatchResult(long batchId, String path, String format, long rowsRead, long added, long duplicates,
                          long updated, long ignored, long quarantined, long ambiguousTimes, long implausibleTimes,
                          long unresolvedAccounts,
                          List<Quarantined> quarantinePreview, Duration elapsed) {

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double rowsPerSecond() {
        double s = seconds();
        return s <= 0 ? rowsRead : rowsRead / s;
    }
}
