package uk.schoolaccess.auditor.analytics.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector's SQL, kept beside it as a resource ({@code detectors/<id>.sql}) so it can be read
 * and reviewed as SQL. Parameters are written {@code ${name}} and filled from values the
 * auditor itself produces (period bounds, thresholds), never from input files.
 */
public final class SqlResource {

    private static final Pattern PARAM = Pattern.compile("\\$\\{([a-z_]+)}");

    private SqlResource() {
    }

    public static String load(String name) {
        try (InputStream in = SqlResource.class.getResourceAsStream("/detectors/" + name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("SQL resource detectors/" + name + ".sql is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A resource's statements in order, split at each semicolon outside string literals and
     * {@code --} comments (the resources use no block comments or quoted identifiers); blank
     * pieces (a trailing semicolon) are left out.
     */
    public static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int j = sql.indexOf('\'', i + 1);
                j = j < 0 ? n - 1 : j;
                current.append(sql, i, j + 1);
                i = j;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int j = sql.indexOf('\n', i);
                j = j < 0 ? n - 1 : j;
                current.append(sql, i, j + 1);
                i = j;
            } else if (c == ';') {
                add(out, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder statement) {
        if (!statement.toString().replaceAll("(?m)--.*$", "").isBlank()) {
            out.add(statement.toString().strip());
        }
    }

    public static String fill(String sql, Map<String, String> params) {
        Matcher m = PARAM.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = params.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("SQL parameter ${" + m.group(1) + "} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
