package uk.schoolaccess.auditor.analytics.engine.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the shared detector SQL (written for DuckDB and Spark SQL alike) is adapted
 * to Spark SQL. The differences, and why each rewrite keeps the results identical:
 * <ul>
 * <li>{@code CREATE OR REPLACE TEMP TABLE t AS q} (DuckDB) becomes {@code CACHE TABLE t AS q}, which
 * {@link SparkEngine} runs as an eagerly materialised temporary view (a local checkpoint), so a
 * derived table (sessions, access_explained) is computed once per audit as on DuckDB, not once
 * per query that reads it.</li>
 * <li>Decimal literals ({@code 3600.0}, {@code 1.0 / 60}) are DOUBLE in DuckDB arithmetic but
 * DECIMAL in Spark, where a division keeps only 6 decimal places: they are made DOUBLE literals
 * ({@code 3600.0D}) so scores agree to the last bit, not to 1e-6.</li>
 * <li>{@code DROP TABLE IF EXISTS t} of a derived table frees its cached data ({@link SparkEngine}).</li>
 * <li>{@code unix_timestamp(t)}: DuckDB's (a macro over epoch) keeps fractions of a second, Spark's
 * truncates to whole seconds; it becomes {@code (unix_micros(t) / 1000000.0D)}.</li>
 * </ul>
 * String literals and comments are left untouched. Everything else in the detector SQL is
 * written in the common subset (see docs/scale-out.md).
 */
public final class SparkDialect {

    private static final Pattern TEMP_TABLE = Pattern.compile(
            "\\A((?:\\s|--[^\\n]*\\n)*)CREATE\\s+OR\\s+REPLACE\\s+TEMP(?:ORARY)?\\s+TABLE\\s+(\\w+)\\s+AS\\s",
            Pattern.CASE_INSENSITIVE);
    static final Pattern CACHE_TABLE = Pattern.compile("\\A(?:\\s|--[^\\n]*\\n)*CACHE\\s+TABLE\\s+(\\w+)\\s+AS\\s",
            Pattern.CASE_INSENSITIVE);
    static final Pattern DROP_TABLE = Pattern.compile("\\A(?:\\s|--[^\\n]*\\n)*DROP\\s+TABLE\\s+IF\\s+EXISTS\\s+(\\w+)\\s*\\z",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DECIMAL = Pattern.compile("\\d+\\.\\d+(?:[eE][+-]?\\d+)?");
    private static final String UNIX_TIMESTAMP = "unix_timestamp(";

    private SparkDialect() {
    }

    public static String prepare(String sql) {
        Matcher m = TEMP_TABLE.matcher(sql);
        String text = m.find() ? m.group(1) + "CACHE TABLE " + m.group(2) + " AS " + sql.substring(m.end()) : sql;
        return rewriteCode(text);
    }

    /** Rewrites literals and functions outside strings and comments. */
    static String rewriteCode(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == '\'') {
                        if (j + 1 < n && sql.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.append(sql, i, Math.min(j + 1, n));
                i = j + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int j = sql.indexOf('\n', i);
                j = j < 0 ? n : j;
                out.append(sql, i, j);
                i = j;
            } else if (Character.isDigit(c) && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
                Matcher m = DECIMAL.matcher(sql).region(i, n);
                if (m.lookingAt() && (m.end() == n || !isWordChar(sql.charAt(m.end())))) {
                    out.append(m.group()).append('D');
                    i = m.end();
                } else {
                    int j = i;
                    while (j < n && (isWordChar(sql.charAt(j)) || sql.charAt(j) == '.')) {
                        j++;
                    }
                    out.append(sql, i, j);
                    i = j;
                }
            } else if (isWordStart(sql, i) && sql.regionMatches(true, i, UNIX_TIMESTAMP, 0, UNIX_TIMESTAMP.length())) {
                int open = i + UNIX_TIMESTAMP.length() - 1;
                int close = matchingParen(sql, open);
                out.append("(unix_micros(").append(rewriteCode(sql.substring(open + 1, close))).append(") / 1000000.0D)");
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isWordStart(String s, int i) {
        return i == 0 || !isWordChar(s.charAt(i - 1));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses after unix_timestamp in: " + s);
    }
}
