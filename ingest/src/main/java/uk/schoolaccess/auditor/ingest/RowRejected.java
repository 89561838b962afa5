package uk.schoolaccess.auditor.ingest;

/**
 * Thrown while reading one record when it cannot be read; the reader catches it and sends the
 * record to quarantine with this message as the reason. Messages name columns and values of
 * the format, never pupils' names.
 */
public class RowRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RowRejected(String reason) {
        super(reason, null, false, false);
    }
}
