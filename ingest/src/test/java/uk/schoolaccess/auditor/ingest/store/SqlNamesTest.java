package uk.schoolaccess.auditor.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class SqlNamesTest {

    @Test
    void quotesAndDoublesInnerQuotes() {
        assertEquals("\"school\"", SqlNames.quoted("school"));
        assertEquals("\"st \"\"marys\"\" store\"", SqlNames.quoted("st \"marys\" store"));
    }

    /** A store file named with quotes and spaces is attached under that name; DuckDB must read the quoted name back as it was. */
    @Test
    void duckDbReadsTheQuotedNameAsWritten() throws Exception {
        String odd = "week \"39\"; DROP TABLE x --";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + SqlNames.quoted(odd) + " (n INTEGER)");
            s.execute("INSERT INTO " + SqlNames.quoted(odd) + " VALUES (7)");
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables")) {
                rs.next();
                assertEquals(odd, rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT n FROM main." + SqlNames.quoted(odd))) {
                rs.next();
                assertEquals(7, rs.getInt(1));
            }
        }
    }
}
