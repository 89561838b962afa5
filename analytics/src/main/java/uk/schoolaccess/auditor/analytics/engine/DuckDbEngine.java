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

    public DuckDbEngine(Connection connection) {
        this.connection = connection;
        SPARK_COMPATIBILITY.forEach(this::execute);
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
            EngineTrace.done("duckdb", sql, t0);
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
            EngineTrace.done("duckdb", sql, t0);
        } catch (SQLException e) {
            throw new EngineException("statement failed: " + firstLine(e) + "\n" + sql, e);
        }
    }

    /** Every temporary table (and view) of the connection is an audit's derived table: dropped, so a served store does not hold them. */
    @Override
    public void dropDerived() {
        for (Row r : query("SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY table_name")) {
            execute("DROP TABLE IF EXISTS temp.main.\"" + r.text("table_name").replace("\"", "\"\"") + "\"");
        }
        for (Row r : query("SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal AND database_name = 'temp' ORDER BY view_name")) {
            execute("DROP VIEW IF EXISTS temp.main.\"" + r.text("view_name").replace("\"", "\"\"") + "\"");
        }
    }

    private static String firstLine(SQLException e) {
        return uk.schoolaccess.auditor.ingest.store.Store.firstLine(e);
    }
}
