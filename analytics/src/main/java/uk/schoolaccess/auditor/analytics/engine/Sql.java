package uk.schoolaccess.auditor.analytics.engine;

/** Literals for SQL built by detectors from values read out of the store. */
public final class Sql {

    private Sql() {
    }

    public static String text(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }

    public static String date(java.time.LocalDate d) {
        return "DATE '" + d + "'";
    }
}
