package uk.schoolaccess.auditor.ingest.mapped;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import uk.schoolaccess.auditor.ingest.IngestTrace;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.csv.Fields;
import uk.schoolaccess.auditor.ingest.csv.Header;
import uk.schoolaccess.auditor.ingest.csv.PlainCsv;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.NativeCsvStage;
import uk.schoolaccess.auditor.ingest.time.LocalTimeResolver;

/**
 * A mapped audit CSV read by DuckDB's own reader, and its mapping done as SQL over the whole
 * file ({@link NativeCsvStage#ROWS}), giving exactly the rows, quarantine reasons and counts
 * {@link MappedCsvReader} gives row by row. Each decision is still made by the Java reader's own
 * code, once per distinct value rather than once per row: the few distinct actions, areas,
 * record types, counts, flags and time texts of a file are read out, decided in Java, and joined
 * back as small tables. The times of the autumn's repeated hour depend on the order of the rows,
 * so those rows (and the row before each run of them) go through {@link LocalTimeResolver} in
 * file order.
 */
public final class MappedCsvSql {

    private static final String VALUES = "temp._native_values";

    private final MappedCsvReader reader;
    private final Profile profile;
    private final Header header;
    /** Whether any field starts or ends with a space or tab: only then is there anything to trim. */
    private final boolean padded;
    private final ReadContext context;
    private final IngestSettings.Limits limits;
    private final Instant earliest;
    private final Instant latest;
    private final DuckDBConnection c;
    /** source + U+0001 + time text -> the local time, for the repeated hour's rows. */
    private final Map<String, LocalDateTime> locals = new HashMap<>();
    /** The action values meaning a login, logout or failed login, as SQL literals. */
    private final List<String> logonValues = new ArrayList<>();

    private MappedCsvSql(MappedCsvReader reader, PlainCsv plain, ReadContext context, Connection c)
            throws SQLException {
        this.reader = reader;
        this.profile = reader.profile();
        this.header = plain.header();
        this.padded = plain.padded();
        this.context = context;
        this.limits = context.settings().ingest();
        this.earliest = limits.earliest();
        this.latest = limits.latest();
        this.c = c.unwrap(DuckDBConnection.class);
    }

    /**
     * Reads the file with DuckDB and builds {@link NativeCsvStage#ROWS}, before the batch begins.
     * False when the file is not plain, DuckDB reads it otherwise, or anything fails: the Java
     * reader then reads it, and nothing was staged.
     */
    public static boolean prepare(Connection c, SourceFile file, MappedCsvReader reader, ReadContext context)
            throws IOException {
        long t = IngestTrace.start();
        Optional<PlainCsv> plain = PlainCsv.check(file, context.settings().ingest().maxRecordChars());
        t = IngestTrace.done(file.displayName(), "plain check", t);
        if (plain.isEmpty() || !NativeCsvStage.read(c, plain.get(), used(reader.profile(), plain.get().header()))) {
            return false;
        }
        t = IngestTrace.done(file.displayName(), "duckdb read_csv", t);
        try {
            new MappedCsvSql(reader, plain.get(), context, c).build();
            IngestTrace.done(file.displayName(), "mapping sql", t);
            return true;
        } catch (SQLException | RuntimeException e) {
            if (IngestTrace.on()) {
                System.err.println("[ingest] " + file.displayName() + ": read by the Java reader after all: " + e);
            }
            NativeCsvStage.drop(c);
            return false;
        }
    }

    /** The header positions the profile reads; no other column is copied (a CPOMS export's pupil names are not). */
    private static java.util.SortedSet<Integer> used(Profile p, Header header) {
        List<String> names = new ArrayList<>(p.columns().values());
        names.addAll(p.time().columns());
        names.add(p.action().column());
        if (p.systemColumn() != null) {
            names.add(p.systemColumn());
        }
        if (p.area() != null) {
            names.add(p.area().column());
        }
        if (p.record() != null) {
            names.add(p.record().typeColumn());
            names.add(p.record().idColumn());
        }
        java.util.SortedSet<Integer> out = new java.util.TreeSet<>();
        for (String n : names) {
            if (n != null) {
                header.indexOf(n).ifPresent(out::add);
            }
        }
        return out;
    }

    private void build() throws SQLException {
        long t = IngestTrace.start();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP VIEW " + VALUES.substring(5) + " AS SELECT *, "
                    + String.join(" AND ", timeColumns().stream().map(x -> x + " IS NOT NULL").toList())
                    + " AS timed FROM (SELECT rowid AS o, "
                    + (profile.systemColumn() != null ? text(profile.systemColumn()) + " AS sysv, " : "")
                    + timeSelect() + text(profile.action().column()) + " AS act, "
                    + text(profile.columns().get("user")) + " AS usr, "
                    + text(profile.area() == null ? null : profile.area().column()) + " AS area, "
                    + field("ip") + " AS ip, " + field("workstation") + " AS ws, " + field("session_id") + " AS sess, "
                    + field("pupil_id") + " AS pupil, " + field("incident_id") + " AS incident, "
                    + field("category") + " AS category, " + field("row_count") + " AS rc, " + field("mfa") + " AS mfa, "
                    + text(profile.record() == null ? null : profile.record().typeColumn()) + " AS rtype, "
                    + text(profile.record() == null ? null : profile.record().idColumn()) + " AS rid FROM "
                    + NativeCsvStage.RAW + ")");
            t = IngestTrace.done("", "sql values", t);
            if (profile.systemColumn() != null) {
                lookup(s, "_native_sys", "raw VARCHAR, system VARCHAR, reason VARCHAR", "sysv", (raw, a) -> {
                    String system;
                    try {
                        system = reader.system(raw);
                    } catch (RowRejected e) {
                        a.append(raw).appendNull().append(e.getMessage());
                        return;
                    }
                    a.append(raw).append(system).appendNull();
                });
            }
            boolean repeatedHour = times(s);
            t = IngestTrace.done("", "sql times", t);
            s.execute("CREATE OR REPLACE TEMP TABLE _native_amb (o BIGINT, ts TIMESTAMP, outside VARCHAR)");
            if (repeatedHour) {
                repeatedHour(s);
            }
            lookup(s, "_native_action", "raw VARCHAR, action VARCHAR, area VARCHAR, has_area BOOLEAN, logon BOOLEAN, "
                    + "reason VARCHAR", "act", (raw, a) -> {
                        Profile.Mapping m;
                        try {
                            m = reader.action(raw);
                        } catch (RowRejected e) {
                            a.append(raw).appendNull().appendNull().append(false).append(false).append(e.getMessage());
                            return;
                        }
                        boolean logon = switch (m.action()) {
                            case "login", "logout", "login_failed" -> true;
                            default -> false;
                        };
                        a.append(raw).append(m.action()).append(m.area()).append(m.area() != null).append(logon)
                                .appendNull();
                        if (logon) {
                            logonValues.add(literal(raw));
                        }
                    });
            if (profile.area() != null) {
                lookup(s, "_native_area", "raw VARCHAR, area VARCHAR, reason VARCHAR", "area", (raw, a) -> {
                    String area;
                    try {
                        area = reader.area(raw);
                    } catch (RowRejected e) {
                        a.append(raw).appendNull().append(e.getMessage());
                        return;
                    }
                    a.append(raw).append(area).appendNull();
                });
            }
            if (profile.record() != null) {
                lookup(s, "_native_type", "raw VARCHAR, kind VARCHAR", "rtype",
                        (raw, a) -> a.append(raw).append(reader.recordKind(raw)));
            }
            String rowCount = profile.columns().get("row_count");
            if (rowCount != null) {
                lookup(s, "_native_int", "raw VARCHAR, value INTEGER, reason VARCHAR", "rc", (raw, a) -> {
                    int value;
                    try {
                        value = Fields.integer(rowCount, raw);
                    } catch (RowRejected e) {
                        a.append(raw).appendNull().append(e.getMessage());
                        return;
                    }
                    a.append(raw).append(value).appendNull();
                });
            }
            String mfa = profile.columns().get("mfa");
            if (mfa != null) {
                lookup(s, "_native_flag", "raw VARCHAR, value BOOLEAN, reason VARCHAR", "mfa", (raw, a) -> {
                    boolean value;
                    try {
                        value = Fields.flag(mfa, raw);
                    } catch (RowRejected e) {
                        a.append(raw).appendNull().append(e.getMessage());
                        return;
                    }
                    a.append(raw).append(value).appendNull();
                });
            }
            t = IngestTrace.done("", "sql lookups", t);
            s.execute(rowsSql(repeatedHour));
            s.execute("CREATE OR REPLACE TEMP VIEW " + NativeCsvStage.ACCOUNTS.substring(5) + " AS SELECT DISTINCT "
                    + source() + " AS source, v.usr AS account FROM " + VALUES + " v" + systemJoin()
                    + " WHERE v.usr IS NOT NULL AND " + source() + " IS NOT NULL");
            IngestTrace.done("", "sql rows", t);
        }
    }

    /** The final table: each record's first reason in the Java reader's order, or its event. */
    private String rowsSql(boolean repeatedHour) {
        StringBuilder early = new StringBuilder("CASE");
        if (profile.systemColumn() != null) {
            early.append(" WHEN v.sysv IS NULL THEN ").append(missing(profile.systemColumn()))
                    .append(" WHEN sy.reason IS NOT NULL THEN sy.reason");
        }
        List<String> times = timeColumns();
        for (int i = 0; i < times.size(); i++) {
            early.append(" WHEN v.").append(times.get(i)).append(" IS NULL THEN ")
                    .append(missing(profile.time().columns().get(i)));
        }
        early.append(" WHEN t.reason IS NOT NULL THEN t.reason")
                .append(" WHEN v.act IS NULL THEN ").append(missing(profile.action().column()))
                .append(" WHEN ac.reason IS NOT NULL THEN ac.reason")
                .append(" WHEN v.usr IS NULL THEN ").append(missing(profile.columns().get("user")));
        if (profile.area() != null) {
            early.append(" WHEN NOT ac.has_area AND ar.reason IS NOT NULL THEN ar.reason");
        }
        if (profile.columns().get("mfa") != null) {
            early.append(" WHEN ac.logon AND f.reason IS NOT NULL THEN f.reason");
        }
        if (profile.columns().get("row_count") != null) {
            early.append(" WHEN NOT ac.logon AND i.reason IS NOT NULL THEN i.reason");
        }
        early.append(" END");
        String ts = repeatedHour ? "CASE WHEN t.kind = 'amb' THEN a.ts ELSE t.ts END" : "t.ts";
        String outside = repeatedHour ? "CASE WHEN t.kind = 'amb' THEN a.outside ELSE t.outside END" : "t.outside";
        return "CREATE OR REPLACE TEMP VIEW " + NativeCsvStage.ROWS.substring(5) + " AS SELECT o, o + 2 AS line, "
                + "coalesce(early, outside) AS reason, early IS NULL AND outside IS NOT NULL AS implausible, ambiguous, "
                + "logon, source, ts, account, action, area, pupil_id, incident_id, category, row_count, workstation, "
                + "ip, session_id, mfa FROM (SELECT v.o, " + early + " AS early, " + outside + " AS outside, "
                + "coalesce(t.kind = 'amb', false) AS ambiguous, "
                + (logonValues.isEmpty() ? "false" : "coalesce(v.act IN (" + String.join(", ", logonValues) + "), false)")
                + " AS logon, "
                + source() + " AS source, " + ts + " AS ts, v.usr AS account, ac.action, "
                + (profile.area() != null ? "CASE WHEN ac.has_area THEN ac.area ELSE ar.area END" : "ac.area")
                + " AS area, "
                + (profile.record() != null ? "CASE WHEN ty.kind = 'pupil' THEN v.rid ELSE v.pupil END" : "v.pupil")
                + " AS pupil_id, "
                + (profile.record() != null ? "CASE WHEN ty.kind = 'incident' THEN v.rid ELSE v.incident END"
                        : "v.incident") + " AS incident_id, v.category, "
                + (profile.columns().get("row_count") != null ? "i.value" : "CAST(NULL AS INTEGER)") + " AS row_count, "
                + "v.ws AS workstation, v.ip, v.sess AS session_id, "
                + (profile.columns().get("mfa") != null ? "f.value" : "CAST(NULL AS BOOLEAN)") + " AS mfa FROM "
                + VALUES + " v" + systemJoin()
                + " LEFT JOIN temp._native_time t ON t.source = " + source() + timeJoin()
                + (repeatedHour ? " LEFT JOIN temp._native_amb a ON a.o = v.o" : "")
                + " LEFT JOIN temp._native_action ac ON ac.raw = v.act"
                + (profile.area() != null ? " LEFT JOIN temp._native_area ar ON ar.raw = v.area" : "")
                + (profile.record() != null ? " LEFT JOIN temp._native_type ty ON ty.raw = v.rtype" : "")
                + (profile.columns().get("row_count") != null ? " LEFT JOIN temp._native_int i ON i.raw = v.rc" : "")
                + (profile.columns().get("mfa") != null ? " LEFT JOIN temp._native_flag f ON f.raw = v.mfa" : "")
                + ")";
    }

    /**
     * The distinct time texts, decided as the Java reader decides them: kind 'fixed' (an offset
     * given), 'plain' (one offset in the zone), 'amb' (the repeated hour), 'bad' (unparsable),
     * 'gap' (a time the spring clock change skipped). True when any falls in the repeated hour.
     */
    private boolean times(Statement s) throws SQLException {
        s.execute("CREATE OR REPLACE TEMP TABLE _native_time (source VARCHAR, " + String.join(" VARCHAR, ",
                timeColumns()) + " VARCHAR, tt VARCHAR, kind VARCHAR, ts TIMESTAMP, reason VARCHAR, outside VARCHAR)");
        boolean repeated = false;
        Map<String, ZoneId> zones = new HashMap<>();
        int parts = timeColumns().size();
        FixedLayout layout = FixedLayout.of(profile.time().pattern());
        List<String[]> texts = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT DISTINCT " + source() + ", " + String.join(", ", timeColumns()
                .stream().map(x -> "v." + x).toList()) + " FROM " + VALUES + " v" + systemJoin()
                + " WHERE v.timed AND " + source() + " IS NOT NULL")) {
            while (rs.next()) {
                String[] text = new String[parts + 1];
                for (int i = 0; i <= parts; i++) {
                    text[i] = rs.getString(i + 1);
                }
                texts.add(text);
            }
        }
        try (DuckDBAppender a = c.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "_native_time")) {
            for (String[] text : texts) {
                String source = text[0];
                // the time columns joined by a space, as the Java reader joins them
                String tt = String.join(" ", java.util.Arrays.asList(text).subList(1, parts + 1));
                ZoneId zone = zones.computeIfAbsent(source, x -> reader.zone(context, x));
                a.beginRow();
                for (String part : text) {
                    a.append(part);
                }
                a.append(tt);
                Object parsed;
                try {
                    parsed = layout != null ? layout.parse(tt) : null;
                    if (parsed == null) {
                        parsed = reader.parseTime(tt);
                    }
                } catch (DateTimeParseException e) {
                    a.append("bad").appendNull().append(reader.unparsable(tt).getMessage())
                            .appendNull();
                    a.endRow();
                    continue;
                }
                if (parsed instanceof Instant i) {
                    a.append("fixed").append(utc(i)).appendNull().append(outside(i));
                } else {
                    LocalDateTime local = (LocalDateTime) parsed;
                    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
                    if (offsets.size() == 1) {
                        // what LocalTimeResolver gives a time with one offset
                        Instant i = local.toInstant(offsets.get(0));
                        locals.put(source + '\u0001' + tt, local);
                        a.append("plain").append(utc(i)).appendNull().append(outside(i));
                    } else if (offsets.size() == 2) {
                        repeated = true;
                        locals.put(source + '\u0001' + tt, local);
                        a.append("amb").appendNull().appendNull().appendNull();
                    } else {
                        try {
                            Instant i = new LocalTimeResolver(zone).resolve(local).instant();
                            locals.put(source + '\u0001' + tt, local);
                            a.append("plain").append(utc(i)).appendNull().append(outside(i));
                        } catch (RowRejected gap) {
                            a.append("gap").appendNull().append(gap.getMessage()).appendNull();
                        }
                    }
                }
                a.endRow();
            }
            a.flush();
        }
        if (!repeated) {
            locals.clear();
        }
        return repeated;
    }

    /**
     * The repeated hour's rows, resolved in file order by the Java reader's own resolver (one per
     * system, as the reader keeps one per system). The resolver only looks back at the last
     * row with an unambiguous time when a repeated hour starts, so the rows it needs are the
     * ambiguous ones and each row just before one of them.
     */
    private void repeatedHour(Statement s) throws SQLException {
        Map<String, LocalTimeResolver> clocks = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT o, source, tt FROM (SELECT v.o, " + source() + " AS source, t.tt, "
                + "t.kind, lead(t.kind) OVER (PARTITION BY " + source() + " ORDER BY v.o) AS next FROM " + VALUES + " v"
                + systemJoin() + " JOIN temp._native_time t ON t.source = " + source() + timeJoin() + " "
                + "WHERE t.kind IN ('plain', 'amb')) WHERE kind = 'amb' OR next = 'amb' ORDER BY source, o")) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)});
            }
        }
        try (DuckDBAppender a = c.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "_native_amb")) {
            for (Object[] row : rows) {
                long o = (Long) row[0];
                String source = (String) row[1];
                LocalDateTime local = locals.get(source + '\u0001' + row[2]);
                LocalTimeResolver clock = clocks.computeIfAbsent(source,
                        x -> new LocalTimeResolver(reader.zone(context, x)));
                LocalTimeResolver.Resolved r = clock.resolve(local);
                if (r.ambiguous()) {
                    a.beginRow();
                    a.append(o).append(utc(r.instant())).append(outside(r.instant()));
                    a.endRow();
                }
            }
            a.flush();
        }
    }

    /** One small table of a column's distinct values and what the Java reader makes of each. */
    private void lookup(Statement s, String table, String columns, String column, Decision decision)
            throws SQLException {
        s.execute("CREATE OR REPLACE TEMP TABLE " + table + " (" + columns + ")");
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT DISTINCT " + column + " FROM " + VALUES + " WHERE " + column
                + " IS NOT NULL")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        try (DuckDBAppender a = c.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, table)) {
            for (String v : values) {
                a.beginRow();
                decision.decide(v, a);
                a.endRow();
            }
            a.flush();
        }
    }

    @FunctionalInterface
    private interface Decision {
        void decide(String raw, DuckDBAppender a) throws SQLException;
    }

    /** The quarantine reason a plausible-time check gives, or null when the time is plausible. */
    private String outside(Instant ts) {
        if (!ts.isBefore(earliest) && ts.isBefore(latest)) {
            return null;
        }
        return "time " + ts + " is outside the plausible window " + limits.window()
                + " (ingest.earliest_time, ingest.latest_time)";
    }

    private String source() {
        return profile.system() != null ? literal(profile.system()) : "sy.system";
    }

    private String timeJoin() {
        return String.join("", timeColumns().stream().map(x -> " AND t." + x + " = v." + x).toList());
    }

    private String systemJoin() {
        return profile.systemColumn() != null ? " LEFT JOIN temp._native_sys sy ON sy.raw = v.sysv" : "";
    }

    private List<String> timeColumns() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < profile.time().columns().size(); i++) {
            out.add("t" + i);
        }
        return out;
    }

    private String timeSelect() {
        StringBuilder b = new StringBuilder();
        List<String> columns = profile.time().columns();
        for (int i = 0; i < columns.size(); i++) {
            b.append(text(columns.get(i))).append(" AS t").append(i).append(", ");
        }
        return b.toString();
    }

    private String field(String name) {
        return text(profile.columns().get(name));
    }

    /**
     * A column's value as {@link Fields#text} reads it: trimmed, null when empty or absent. The
     * plain check lets through no whitespace but spaces and tabs, so those are all there is to trim,
     * and it says whether any field has them at its ends.
     */
    private String text(String column) {
        if (column == null) {
            return "CAST(NULL AS VARCHAR)";
        }
        var i = header.indexOf(column);
        if (i.isEmpty()) {
            return "CAST(NULL AS VARCHAR)";
        }
        return padded ? "nullif(trim(c" + i.getAsInt() + ", ' ' || chr(9)), '')" : "nullif(c" + i.getAsInt() + ", '')";
    }

    private static String missing(String column) {
        return literal("missing value in column '" + column + "'");
    }

    private static LocalDateTime utc(Instant i) {
        return LocalDateTime.ofEpochSecond(i.getEpochSecond(), i.getNano(), ZoneOffset.UTC);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * A time pattern made only of fixed-width numbers (dd, MM, yyyy, HH, mm and optionally ss)
     * and separators, such as dd/MM/yyyy HH:mm. A text laid out exactly so is read digit by digit;
     * anything else, or a date that does not exist, is left to the pattern's own formatter, so
     * the answer (or the rejection) is always the formatter's: java.time's strict parsing of these
     * fields accepts exactly these texts and gives the same date and time. It is only quicker, a
     * week's few thousand distinct times being parsed before the JIT has warmed up.
     */
    static final class FixedLayout {
        /** Per position: a field letter (d, M, y, H, m, s) or the literal character expected. */
        private final char[] at;
        private final boolean[] digit;
        private final boolean seconds;

        private FixedLayout(char[] at, boolean[] digit, boolean seconds) {
            this.at = at;
            this.digit = digit;
            this.seconds = seconds;
        }

        static FixedLayout of(String pattern) {
            if (pattern == null || pattern.equals("iso")) {
                return null;
            }
            StringBuilder letters = new StringBuilder();
            int n = pattern.length();
            char[] at = new char[n];
            boolean[] digit = new boolean[n];
            int i = 0;
            while (i < n) {
                char c = pattern.charAt(i);
                int j = i;
                while (j < n && pattern.charAt(j) == c) {
                    j++;
                }
                int width = j - i;
                if (Character.isLetter(c)) {
                    char field = c == 'u' ? 'y' : c;
                    int wanted = field == 'y' ? 4 : 2;
                    if ("dMyHms".indexOf(field) < 0 || width != wanted || letters.indexOf(String.valueOf(field)) >= 0) {
                        return null;
                    }
                    letters.append(field);
                    for (int k = i; k < j; k++) {
                        at[k] = field;
                        digit[k] = true;
                    }
                } else if (c == '\'' || Character.isDigit(c)) {
                    return null;
                } else {
                    for (int k = i; k < j; k++) {
                        at[k] = c;
                    }
                }
                i = j;
            }
            String fields = letters.toString();
            boolean all = fields.length() >= 5 && fields.chars().filter(f -> "dMyHm".indexOf(f) >= 0).count() == 5;
            return all ? new FixedLayout(at, digit, fields.indexOf('s') >= 0) : null;
        }

        /** The local time, or null when the text is not laid out so or is not a real date and time. */
        LocalDateTime parse(String text) {
            if (text.length() != at.length) {
                return null;
            }
            int day = 0;
            int month = 0;
            int year = 0;
            int hour = 0;
            int minute = 0;
            int second = 0;
            for (int i = 0; i < at.length; i++) {
                char c = text.charAt(i);
                if (!digit[i]) {
                    if (c != at[i]) {
                        return null;
                    }
                    continue;
                }
                if (c < '0' || c > '9') {
                    return null;
                }
                int d = c - '0';
                switch (at[i]) {
                    case 'd' -> day = day * 10 + d;
                    case 'M' -> month = month * 10 + d;
                    case 'y' -> year = year * 10 + d;
                    case 'H' -> hour = hour * 10 + d;
                    case 'm' -> minute = minute * 10 + d;
                    default -> second = second * 10 + d;
                }
            }
            try {
                return LocalDateTime.of(year, month, day, hour, minute, seconds ? second : 0);
            } catch (java.time.DateTimeException notReal) {
                return null;
            }
        }
    }
}
