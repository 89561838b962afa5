package uk.schoolaccess.auditor.analytics.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.ingest.store.SqlNames;

/**
 * The default engine: the store's own DuckDB connection. Detector SQL is written in the subset
 * DuckDB and Spark SQL share; the Spark-style function names it uses that DuckDB lacks are
 * defined here as macros, so the SQL text is the same on both engines.
 */
public final class DuckDbEngine implements Engine {

    private static final List<String> SPARK_COMPATIBILITY = List.of(
            "CREATE OR REPLACE TEMP MACRO unix_timestamp(t) AS epoch(t)",
            "CREATE OR REPLACE TEMP MACRO to_date(t) AS CAST(t AS DATE)",
            "CREATE OR REPLACE TEMP MACRO explode(l) AS unnest(l)",
            "CREATE OR REPLACE TEMP MACRO sequence(a, b) AS "
                    + "CAST(generate_series(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), INTERVAL 1 DAY) AS DATE[])",
            "CREATE OR REPLACE TEMP MACRO from_utc_timestamp(t, z) AS timezone(z, timezone('UTC', t))");

    private final Connection connection;
    /** True for a connection made by {@link #beside()}: this engine owns it, and the trace names it duckdb2. */
    private final boolean second;
    private final String traceName;

    public DuckDbEngine(Connection connection) {
        this(connection, false);
    }

    private DuckDbEngine(Connection connection, boolean second) {
        this.connection = connection;
        this.second = second;
        this.traceName = second ? "duckdb2" : "duckdb";
        SPARK_COMPATIBILITY.forEach(this::execute);
    }

    /**
     * A second connection to the same database (its memory limit and threads shared), with its
     * own temporary tables and macros, for the part of an audit that runs beside the rest; pointed
     * at the same catalog as this one (an encrypted store is an attached catalog). The caller
     * closes it with {@link #closeBeside()}.
     */
    public DuckDbEngine beside() {
        Connection other = null;
        try {
            other = connection.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
            String catalog;
            String schema;
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database(), current_schema()")) {
                rs.next();
                catalog = rs.getString(1);
                schema = rs.getString(2);
            }
            try (Statement s = other.createStatement()) {
                s.execute("USE " + SqlNames.quoted(catalog) + "." + SqlNames.quoted(schema));
            }
            return new DuckDbEngine(other, true);
        } catch (SQLException | RuntimeException e) {
            if (other != null) {
                try {
                    other.close();
                } catch (SQLException ignored) {
                    // the first failure is the one worth reporting
                }
            }
            throw new EngineException("cannot open a second connection to the store: "
                    + (e instanceof SQLException q ? firstLine(q) : e.getMessage()), e);
        }
    }

    /** Closes a connection made by {@link #beside()} (its temporary tables go with it). */
    public void closeBeside() {
        if (!second) {
            throw new IllegalStateException("the audit's own connection is closed by its owner, not here");
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw new EngineException("cannot close the audit's second connection: " + firstLine(e), e);
        }
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public List<Row> query(String sql) {
        long t0 = EngineTrace.start();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(prepare(sql))) {
            ResultSetMetaData md = rs.getMetaData();
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    values.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(new Row(values));
            }
            EngineTrace.done(traceName, sql, t0);
            return rows;
        } catch (SQLException e) {
            throw new EngineException("query failed: " + firstLine(e) + "\n" + sql, e);
        }
    }

    @Override
    public void execute(String sql) {
        long t0 = EngineTrace.start();
        try (Statement s = connection.createStatement()) {
            s.execute(prepare(sql));
            EngineTrace.done(traceName, sql, t0);
        } catch (SQLException e) {
            throw new EngineException("statement failed: " + firstLine(e) + "\n" + sql, e);
        }
    }

    /** Every temporary table (and view) of the connection is an audit's derived table: dropped, so a served store does not hold them. */
    @Override
    public void dropDerived() {
        for (Row r : query("SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY table_name")) {
            execute("DROP TABLE IF EXISTS temp.main." + SqlNames.quoted(r.text("table_name")));
        }
        for (Row r : query("SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal AND database_name = 'temp' ORDER BY view_name")) {
            execute("DROP VIEW IF EXISTS temp.main." + SqlNames.quoted(r.text("view_name")));
        }
    }

    private static String firstLine(SQLException e) {
        return uk.schoolaccess.auditor.ingest.store.Store.firstLine(e);
    }
}
