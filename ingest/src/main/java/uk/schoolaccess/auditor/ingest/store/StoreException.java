package uk.schoolaccess.auditor.ingest.store;

/** The store cannot be opened or written; the message names the file. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
