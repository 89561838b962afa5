package uk.schoolaccess.auditor.ingest.store;

/**
 * The store could not save a batch it had accepted: the disk is full or the file cannot be
 * written. Unlike a bad file, this says nothing about the next file, and DuckDB's state after a
 * failed commit cannot be trusted with more writes, so an ingest stops here: the batch was
 * rolled back, and running the same ingest again once the cause is fixed loads the rest.
 */
public final class CommitFailed extends StoreException {

    private static final long serialVersionUID = 1L;

    public CommitFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
