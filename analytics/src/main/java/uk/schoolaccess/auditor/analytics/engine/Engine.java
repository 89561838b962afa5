package uk.schoolaccess.auditor.analytics.engine;

import java.util.List;

/**
 * Where detectors run their set-based SQL. DuckDB today; Spark SQL for a trust later, with the
 * same SQL: detector SQL keeps to what both accept, and the few differences live in
 * {@link #prepare}.
 */
public interface Engine {

    String name();

    /** Runs a query and returns every row. Results are small: findings, not events. */
    List<Row> query(String sql);

    void execute(String sql);

    /** Frees the derived tables an audit built (sessions, explanations and their steps). */
    void dropDerived();

    /** Adapts shared SQL to this engine's dialect (the one place differences live). */
    default String prepare(String sql) {
        return sql;
    }
}
