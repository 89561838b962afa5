package uk.schoolaccess.auditor.dashboard.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's access to the store. One DuckDB connection serves every request, one at a
 * time: pages are small queries, and a single writer keeps triage decisions simple.
 */
public final class Db {

    private final Connection c;

    public Db(Connection c) {
        this.c = c;
    }

    public synchronized List<Map<String, Object>> rows(String sql, Object... params) {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, params);
            try (ResultSet rs = p.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof java.sql.Timestamp t) {
                            v = t.toLocalDateTime();
                        } else if (v instanceof java.sql.Array a) {
                            v = List.of((Object[]) a.getArray());
                        }
                        row.put(md.getColumnLabel(i), v);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    public Object scalar(String sql, Object... params) {
        List<Map<String, Object>> r = rows(sql, params);
        return r.isEmpty() ? null : r.get(0).values().iterator().next();
    }

    public synchronized int update(String sql, Object... params) {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, params);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Runs several statements as one transaction. */
    public synchronized void transaction(SqlWork work) {
        try {
            c.setAutoCommit(false);
            try {
                work.run(this);
                c.commit();
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Work done inside {@link #transaction}. */
    @FunctionalInterface
    public interface SqlWork {
        void run(Db db);
    }

    public Connection connection() {
        return c;
    }

    public static LocalDateTime nowUtc() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    private static void bind(PreparedStatement p, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            p.setObject(i + 1, params[i]);
        }
    }
}
