package uk.schoolaccess.auditor.ingest;

import java.util.List;

import uk.schoolaccess.auditor.ingest.store.BatchResult;

/**
 * The closing total of one ingest run; {@code seconds}, the run's own time, from its first file to
 * its last commit (files are staged while the one before commits, so their own times overlap).
 */
public record IngestSummary(List<BatchResult> batches, int unrecognised, int failed, double seconds) {

    public long rowsRead() {
        return batches.stream().mapToLong(BatchResult::rowsRead).sum();
    }

    public long added() {
        return batches.stream().mapToLong(BatchResult::added).sum();
    }

    public long duplicates() {
        return batches.stream().mapToLong(BatchResult::duplicates).sum();
    }

    public long ignored() {
        return batches.stream().mapToLong(BatchResult::ignored).sum();
    }

    public long quarantined() {
        return batches.stream().mapToLong(BatchResult::quarantined).sum();
    }

    /** Roster rows (logins, relationships) the run's roster files no longer list, removed. */
    public long removed() {
        return batches.stream().mapToLong(BatchResult::removed).sum();
    }

    public long ambiguousTimes() {
        return batches.stream().mapToLong(BatchResult::ambiguousTimes).sum();
    }

    public long implausibleTimes() {
        return batches.stream().mapToLong(BatchResult::implausibleTimes).sum();
    }

    /** Every file was recognised and read (quarantined rows are warnings, not failures). */
    public boolean complete() {
        return unrecognised == 0 && failed == 0;
    }
}
