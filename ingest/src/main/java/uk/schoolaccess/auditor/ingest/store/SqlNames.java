package uk.schoolaccess.auditor.ingest.store;

/**
 * A DuckDB catalog, schema, table or view name written into a statement. Names that come from the
 * store's own catalog (an attached database named after its file, a temporary table) cannot be
 * bound as parameters, so they are quoted here, in one way for every module.
 */
public final class SqlNames {

    private SqlNames() {
    }

    /** The name as a quoted SQL identifier: in double quotes, any double quote inside doubled. */
    public static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
