package uk.schoolaccess.auditor.ingest;

/**
 * A whole input cannot be read as its format (a column the format cannot do without is
 * missing): the file is rejected with this reason and nothing from it is kept. Unlike
 * {@link RowRejected}, which costs one record, this costs the file; unlike an internal error, it
 * is the input's fault and says what to fix.
 */
public class InputRejected extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InputRejected(String reason) {
        super(reason);
    }
}
