package uk.schoolaccess.auditor.ingest.mapped;

/** A mapping profile that cannot be used; the message names the file and the key. */
public class ProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }
}
