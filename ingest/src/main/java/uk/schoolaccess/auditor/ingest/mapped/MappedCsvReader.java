package uk.schoolaccess.auditor.ingest.mapped;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.Fields;
import uk.schoolaccess.auditor.ingest.csv.HeaderMatch;
import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;
import uk.schoolaccess.auditor.ingest.rows.RecordAccessRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.time.LocalTimeResolver;

/**
 * Reads an MIS or safeguarding audit CSV through a {@link Profile}. Record views, edits,
 * searches, exports and prints become record_access rows; login, logout and failed-login rows
 * become logon_events (sessions in that system), keeping whether a second factor was used.
 */
public final class MappedCsvReader implements SourceReader {

    private final Profile profile;
    private final Map<String, Profile.Mapping> actions = new HashMap<>();
    private final Map<String, String> areas = new HashMap<>();
    private final DateTimeFormatter pattern;
    /** Source values repeat on every row; their normalised forms are remembered. */
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, String> passthroughAreas = new HashMap<>();

    public MappedCsvReader(Profile profile) {
        this.profile = profile;
        profile.action().values().forEach((k, v) -> actions.put(key(k), v));
        if (profile.area() != null && profile.area().values() != null) {
            profile.area().values().forEach((k, v) -> areas.put(key(k), v));
        }
        this.pattern = "iso".equals(profile.time().pattern()) ? null
                : strict(profile.time().pattern());
    }

    /**
     * Strict resolution: the default (smart) style would quietly turn 31/09 into 30/09. Strict
     * needs 'u' (proleptic year) rather than 'y' (year of era), which profiles naturally write.
     */
    static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern.replace('y', 'u'), Locale.UK)
                .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    }

    public Profile profile() {
        return profile;
    }

    @Override
    public String format() {
        return profile.format();
    }

    @Override
    public String description() {
        return profile.description() == null ? "mapped CSV (" + profile.format() + ")" : profile.description();
    }

    @Override
    public String sourceZone(ReadContext context) {
        return profile.time().zone() != null ? profile.time().zone()
                : context.zoneOf(profile.system()).getId();
    }

    @Override
    public List<String> requiredColumns() {
        return profile.detect();
    }

    /** Every column the profile names: it was written from the school's own export's header. */
    @Override
    public List<String> knownColumns() {
        List<String> names = new ArrayList<>(profile.detect());
        names.addAll(profile.columns().values());
        if (profile.time() != null && profile.time().columns() != null) {
            names.addAll(profile.time().columns());
        }
        names.add(profile.systemColumn());
        names.add(profile.action() == null ? null : profile.action().column());
        names.add(profile.area() == null ? null : profile.area().column());
        names.add(profile.record() == null ? null : profile.record().typeColumn());
        names.add(profile.record() == null ? null : profile.record().idColumn());
        names.removeIf(java.util.Objects::isNull);
        return names;
    }

    @Override
    public int recognises(Sniff sniff) {
        return HeaderMatch.score(sniff, profile.detect());
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        Map<String, LocalTimeResolver> clocks = new HashMap<>();
        // An audit export has minute or second resolution: the same text comes many times in a row.
        Map<String, LocalDateTime> times = new HashMap<>();
        CsvInput.forEachRow(file, profile.multiline(), sink, (row, origin) -> {
            String system = system(row);
            LocalTimeResolver clock = clocks.computeIfAbsent(system, s -> new LocalTimeResolver(zone(context, s)));
            if (times.size() > 100_000) {
                times.clear();
            }
            Instant ts = time(row, clock, sink, origin, times);
            Profile.Mapping m = action(row);
            String user = row.required(profile.columns().get("user"));
            String area = m.area() != null ? m.area() : area(row);
            String ip = value(row, "ip");
            String workstation = value(row, "workstation");
            String session = value(row, "session_id");
            switch (m.action()) {
                case "login", "logout", "login_failed" -> {
                    String kind = switch (m.action()) {
                        case "login" -> "logon";
                        case "logout" -> "logoff";
                        default -> "failed";
                    };
                    Boolean mfa = profile.columns().containsKey("mfa") ? row.flag(profile.columns().get("mfa")) : null;
                    sink.logonEvent(origin, new LogonEventRow(system, ts, user, workstation, null, kind, null, ip,
                            mfa, true, session));
                }
                default -> {
                    String pupil = value(row, "pupil_id");
                    String incident = value(row, "incident_id");
                    if (profile.record() != null) {
                        String typeRaw = row.text(profile.record().typeColumn());
                        String type = typeRaw == null ? null : keys.computeIfAbsent(typeRaw, MappedCsvReader::key);
                        String id = row.text(profile.record().idColumn());
                        if (contains(profile.record().pupilTypes(), type)) {
                            pupil = id;
                        } else if (contains(profile.record().incidentTypes(), type)) {
                            incident = id;
                        }
                    }
                    sink.recordAccess(origin, new RecordAccessRow(system, ts, user, m.action(), area, pupil, incident,
                            value(row, "category"), rowCount(row), workstation, ip, session));
                }
            }
        });
    }

    private ZoneId zone(ReadContext context, String system) {
        return profile.time().zone() != null ? ZoneId.of(profile.time().zone()) : context.zoneOf(system);
    }

    private String system(Fields row) {
        if (profile.system() != null) {
            return profile.system();
        }
        String s = row.required(profile.systemColumn()).toLowerCase(Locale.ROOT);
        if (!Profile.SYSTEMS.contains(s)) {
            throw new RowRejected("unknown system in '" + profile.systemColumn() + "' " + CellShape.found(s)
                    + ", known: " + String.join(", ", Profile.SYSTEMS.stream().sorted().toList()));
        }
        return s;
    }

    private Instant time(Fields row, LocalTimeResolver clock, RowSink sink, Origin origin,
            Map<String, LocalDateTime> times) {
        StringBuilder text = new StringBuilder();
        for (String c : profile.time().columns()) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(row.required(c));
        }
        String v = text.toString();
        try {
            LocalDateTime local;
            if (pattern == null) {
                String iso = v.replace(' ', 'T');
                try {
                    return OffsetDateTime.parse(iso).toInstant();
                } catch (DateTimeParseException noOffset) {
                    local = LocalDateTime.parse(iso);
                }
            } else {
                local = times.get(v);
                if (local == null) {
                    local = LocalDateTime.parse(v, pattern);
                    times.put(v, local);
                }
            }
            LocalTimeResolver.Resolved r = clock.resolve(local);
            if (r.ambiguous()) {
                sink.ambiguousTime(origin);
            }
            return r.instant();
        } catch (DateTimeParseException e) {
            throw new RowRejected("unparsable time in '" + String.join("' + '", profile.time().columns())
                    + "', expected " + profile.time().pattern() + " " + CellShape.found(v));
        }
    }

    private Profile.Mapping action(Fields row) {
        String raw = row.required(profile.action().column());
        Profile.Mapping m = actions.get(keys.computeIfAbsent(raw, MappedCsvReader::key));
        if (m == null) {
            throw new RowRejected("unknown action in '" + profile.action().column() + "' " + CellShape.found(raw));
        }
        return m;
    }

    private String area(Fields row) {
        if (profile.area() == null) {
            return null;
        }
        String raw = row.text(profile.area().column());
        if (raw == null) {
            return null;
        }
        String k = keys.computeIfAbsent(raw, MappedCsvReader::key);
        if (areas.containsKey(k)) {
            return areas.get(k);
        }
        if (profile.area().passthrough() == null || profile.area().passthrough()) {
            return passthroughAreas.computeIfAbsent(k, v -> v.replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", ""));
        }
        throw new RowRejected("unknown area in '" + profile.area().column() + "' " + CellShape.found(raw));
    }

    private String value(Fields row, String field) {
        String column = profile.columns().get(field);
        return column == null ? null : row.text(column);
    }

    private Integer rowCount(Fields row) {
        String column = profile.columns().get("row_count");
        return column == null ? null : row.integer(column);
    }

    private static boolean contains(java.util.List<String> list, String k) {
        if (list == null || k == null) {
            return false;
        }
        for (String s : list) {
            if (KEY_OF.computeIfAbsent(s, MappedCsvReader::key).equals(k)) {
                return true;
            }
        }
        return false;
    }

    /** A profile's own type names, normalised once rather than on every row. */
    private static final Map<String, String> KEY_OF = new java.util.concurrent.ConcurrentHashMap<>();

    private static String key(String s) {
        return s == null ? null : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
