package uk.schoolaccess.auditor.analytics.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One result row, read by column name, with the conversions detectors need. */
public final class Row {

    private final Map<String, Object> values;

    public Row(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public Object get(String column) {
        if (!values.containsKey(column)) {
            throw new IllegalArgumentException("no column '" + column + "' in " + values.keySet());
        }
        return values.get(column);
    }

    public String text(String column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }

    public long number(String column) {
        Object v = get(column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    public double decimal(String column) {
        Object v = get(column);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    public boolean flag(String column) {
        Object v = get(column);
        return v != null && (v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString()));
    }

    /** A UTC instant from a TIMESTAMP column (stored as UTC without zone). */
    public Instant instant(String column) {
        Object v = get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return LocalDateTime.parse(v.toString().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    public LocalDate date(String column) {
        Object v = get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return LocalDate.parse(v.toString().substring(0, 10));
    }

    /** A list column (DuckDB LIST / Spark array) as strings. */
    public List<String> list(String column) {
        Object v = get(column);
        if (v == null) {
            return List.of();
        }
        Object[] items;
        try {
            items = v instanceof java.sql.Array a ? (Object[]) a.getArray()
                    : v instanceof Object[] o ? o : v instanceof List<?> l ? l.toArray() : new Object[] {v};
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        List<String> out = new ArrayList<>();
        Arrays.stream(items).forEach(i -> out.add(i == null ? null : i.toString()));
        return out;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
