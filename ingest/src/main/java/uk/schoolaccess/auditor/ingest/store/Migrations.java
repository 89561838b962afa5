package uk.schoolaccess.auditor.ingest.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations, listed here in order (no classpath scanning). Version n is the
 * n-th script. A store records each applied version in schema_version; each migration runs in
 * its own transaction, so a failure leaves the file at the previous version.
 */
public final class Migrations {

    static final List<String> SCRIPTS = List.of(
            "V001__canonical_schema.sql",
            "V002__dashboard.sql",
            "V003__findings_school.sql",
            "V004__digests.sql",
            "V005__finding_ids_per_school.sql",
            "V006__service_jobs.sql",
            "V007__dashboard_sessions.sql",
            "V008__dashboard_accounts.sql",
            "V009__audits_withdrawals_purges.sql",
            "V010__inferred_relationships.sql",
            "V014__triage.sql",
            "V016__natural_event_ids.sql",
            "V017__event_totals.sql",
            "V018__explanation_times.sql",
            "V020__kept_teaching.sql",
            "V021__kept_sessions.sql",
            "V022__kept_explanations.sql");

    public static final int CURRENT = SCRIPTS.size();

    private Migrations() {
    }

    static void apply(Connection c, Path path) {
        try {
            int version = currentVersion(c, path);
            if (version > CURRENT) {
                throw new StoreException(path + " was written by a newer auditor (schema version " + version
                        + "; this auditor knows up to " + CURRENT + "). Upgrade the auditor, or use another --db file.");
            }
            for (int v = version + 1; v <= CURRENT; v++) {
                run(c, v, SCRIPTS.get(v - 1));
            }
        } catch (SQLException e) {
            throw new StoreException(path + ": migration failed: " + Store.firstLine(e), e);
        }
    }

    /** The highest applied version; 0 for a new, empty file. A foreign database is refused. */
    static int currentVersion(Connection c, Path path) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables "
                    + "WHERE table_schema = 'main' AND table_name = 'schema_version'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    try (ResultSet other = s.executeQuery(
                            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'")) {
                        other.next();
                        if (other.getLong(1) > 0) {
                            throw new StoreException(path + " is a DuckDB file but not an auditor store "
                                    + "(it has no schema_version table); refusing to change it.");
                        }
                    }
                    return 0;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void run(Connection c, int version, String script) throws SQLException {
        String sql = read(script);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
            for (String statement : statements(sql)) {
                s.execute(statement);
            }
            s.execute("INSERT INTO schema_version VALUES (" + version + ", '" + script.replace("'", "''")
                    + "', now()::TIMESTAMP)");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Splits a script on semicolons at line ends; the scripts keep one statement per block. */
    static List<String> statements(String sql) {
        String noComments = sql.lines().filter(l -> !l.strip().startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n");
        return java.util.Arrays.stream(noComments.split(";\\s*\\n"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration " + script + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
