package uk.schoolaccess.auditor.dashboard.triage;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import uk.schoolaccess.auditor.dashboard.web.Db;

/**
 * Exceptions the DPO makes from a finding ("this office's Friday attendance export is routine"),
 * kept in their own table, apart from the detectors' thresholds. An exception never changes a
 * finding: it is applied when findings are shown and digested, so an open finding it covers is
 * listed as "suppressed by exception N" (and hidden unless asked for), and ending the exception
 * brings nothing back that it did not hide. It covers open findings of one member of staff and
 * one detector, optionally only on a weekday (school time), from one system (a source of the
 * finding's evidence) or whose summary contains some words, first seen up to its expiry date. An
 * exception ended early also covers only findings an audit had already found when it was ended:
 * audits read past exports, so a finding raised after "End now" can be about earlier events, and
 * the DPO who ended the exception must see it.
 */
public final class Exceptions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SOURCES_OF_EVENTS = 200;

    /** One exception as stored. */
    public record One(long id, String staffId, String detector, Integer weekday, String system, String pattern,
                            String fromFinding, String reason, String madeBy, LocalDateTime madeAt, LocalDate expiresOn,
                            LocalDateTime endedAt, String endedBy) {

        /** The first instant (UTC) it no longer covers: the day after expiry in school time, or when it was ended. */
        LocalDateTime coversUntil(ZoneId zone) {
            LocalDateTime expiry = expiresOn.plusDays(1).atStartOfDay(zone).withZoneSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime();
            return endedAt != null && endedAt.isBefore(expiry) ? endedAt : expiry;
        }

        /**
         * Whether it covered a finding an audit found at {@code foundAt} (UTC): always, unless it was
         * ended early before then.
         */
        boolean coveredWhenFound(LocalDateTime foundAt) {
            return endedAt == null || foundAt.isBefore(endedAt);
        }

        /** Whether it still covers findings seen from now on. */
        public boolean active(ZoneId zone) {
            return LocalDateTime.now(ZoneOffset.UTC).isBefore(coversUntil(zone));
        }

        /** The scope in words: "S0004's bulk exports, on Fridays, in SIMS, whose summary says 'attendance'". */
        public String scope(String detectorName) {
            StringBuilder s = new StringBuilder(staffId + ": " + detectorName);
            if (weekday != null) {
                s.append(", on ").append(weekdayName(weekday)).append("s");
            }
            if (system != null) {
                s.append(", from ").append(system);
            }
            if (pattern != null) {
                s.append(", whose summary says '").append(pattern).append("'");
            }
            return s.toString();
        }

        /** The row a page shows. */
        public Map<String, Object> asRow(ZoneId zone, String detectorName) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("staff_id", staffId);
            m.put("detector", detector);
            m.put("scope", scope(detectorName));
            m.put("from_finding", fromFinding);
            m.put("reason", reason);
            m.put("made_by", madeBy);
            m.put("made_at", madeAt);
            m.put("expires_on", expiresOn);
            m.put("ended_at", endedAt);
            m.put("ended_by", endedBy);
            m.put("active", active(zone));
            return m;
        }
    }

    private final Db db;
    private final ZoneId zone;
    private final List<One> all;
    private final Map<String, Set<String>> sources = new HashMap<>();

    private Exceptions(Db db, ZoneId zone, List<One> all) {
        this.db = db;
        this.zone = zone;
        this.all = all;
    }

    /** Every exception ever made (few: each is a decision by the DPO), newest first. */
    public static Exceptions load(Db db, ZoneId zone) {
        List<One> out = new ArrayList<>();
        for (Map<String, Object> r : db.rows("SELECT * FROM finding_exceptions ORDER BY exception_id DESC")) {
            out.add(of(r));
        }
        return new Exceptions(db, zone, out);
    }

    /** An exception not yet saved, for the preview: what it would suppress. */
    public static Exceptions preview(Db db, ZoneId zone, One proposed) {
        return new Exceptions(db, zone, List.of(proposed));
    }

    public List<One> all() {
        return all;
    }

    public One byId(long id) {
        return all.stream().filter(e -> e.id() == id).findFirst().orElse(null);
    }

    /**
     * The exception that suppresses a finding (a row with finding_id, detector, staff_id,
     * first_seen, status, summary and evidence), or null. Only open findings are suppressed: a
     * decision made about a finding always shows.
     */
    public One suppressing(Map<String, Object> f) {
        if (all.isEmpty() || !"open".equals(f.get("status")) || f.get("staff_id") == null) {
            return null;
        }
        LocalDateTime seen = (LocalDateTime) f.get("first_seen");
        for (One e : all) {
            if (!e.staffId().equalsIgnoreCase((String) f.get("staff_id")) || !e.detector().equals(f.get("detector"))
                    || seen == null || !seen.isBefore(e.coversUntil(zone))) {
                continue;
            }
            if (e.endedAt() != null && !e.coveredWhenFound(foundAt(f, seen))) {
                continue;
            }
            if (e.weekday() != null && weekday(seen) != e.weekday()) {
                continue;
            }
            if (e.pattern() != null && !String.valueOf(f.get("summary")).toLowerCase(Locale.ROOT)
                    .contains(e.pattern().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (e.system() != null && !sourcesOf(f).contains(e.system().toLowerCase(Locale.ROOT))) {
                continue;
            }
            return e;
        }
        return null;
    }

    /**
     * When an audit first saved the finding (UTC). A row read without found_at has it looked up;
     * a finding saved before found_at was kept (V014) counts as found when it was first seen.
     */
    private LocalDateTime foundAt(Map<String, Object> f, LocalDateTime seen) {
        Object at = f.containsKey("found_at") ? f.get("found_at")
                : db.scalar("SELECT found_at FROM findings WHERE finding_id = ?", f.get("finding_id"));
        return at instanceof LocalDateTime t ? t : seen;
    }

    /** The weekday (ISO, 1 = Monday) of a UTC time in the school's zone. */
    public int weekday(LocalDateTime utc) {
        return utc.atZone(ZoneOffset.UTC).withZoneSameInstant(zone).getDayOfWeek().getValue();
    }

    public static String weekdayName(int iso) {
        return DayOfWeek.of(iso).getDisplayName(TextStyle.FULL, Locale.UK);
    }

    /** The systems (sources) the finding's evidence events came from, lower case. */
    public Set<String> sourcesOf(Map<String, Object> f) {
        String id = (String) f.get("finding_id");
        Set<String> known = sources.get(id);
        if (known != null) {
            return known;
        }
        List<String> events = new ArrayList<>();
        Object evidence = f.containsKey("evidence") ? f.get("evidence")
                : db.scalar("SELECT evidence FROM findings WHERE finding_id = ?", id);
        try {
            JsonNode ev = JSON.readTree(String.valueOf(evidence)).path("events");
            for (JsonNode e : ev) {
                if (events.size() >= SOURCES_OF_EVENTS) {
                    break;
                }
                events.add(e.asText());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no evidence to read: no system
        }
        Set<String> out = new TreeSet<>();
        if (!events.isEmpty()) {
            String in = String.join(", ", events.stream().map(x -> "?").toList());
            List<Object> params = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                params.addAll(events);
            }
            db.rows("SELECT DISTINCT lower(source) AS s FROM (SELECT source FROM record_access WHERE event_id IN (" + in
                    + ") UNION ALL SELECT source FROM logon_events WHERE event_id IN (" + in + ") UNION ALL "
                    + "SELECT source FROM signins WHERE event_id IN (" + in + "))", params.toArray())
                    .forEach(r -> out.add(String.valueOf(r.get("s"))));
        }
        sources.put(id, out);
        return out;
    }

    static One of(Map<String, Object> r) {
        return new One(((Number) r.get("exception_id")).longValue(), (String) r.get("staff_id"),
                (String) r.get("detector"), r.get("weekday") == null ? null : ((Number) r.get("weekday")).intValue(),
                (String) r.get("system"), (String) r.get("pattern"), (String) r.get("from_finding"),
                (String) r.get("reason"), (String) r.get("made_by"), (LocalDateTime) r.get("made_at"),
                toDate(r.get("expires_on")), (LocalDateTime) r.get("ended_at"), (String) r.get("ended_by"));
    }

    private static LocalDate toDate(Object v) {
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return LocalDate.parse(String.valueOf(v));
    }

    /** Saves a new exception and records it in the finding's history; returns its id. */
    public static long save(Db db, One e) {
        long[] id = new long[1];
        db.transaction(d -> {
            id[0] = ((Number) d.scalar("SELECT nextval('finding_exception_ids')")).longValue();
            d.update("INSERT INTO finding_exceptions (exception_id, staff_id, detector, weekday, system, pattern, "
                    + "from_finding, reason, made_by, made_at, expires_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id[0], e.staffId(), e.detector(), e.weekday(), e.system(), e.pattern(), e.fromFinding(), e.reason(),
                    e.madeBy(), e.madeAt(), e.expiresOn());
            d.update("INSERT INTO finding_history (finding_id, changed_at, changed_by, what, note) VALUES (?, ?, ?, "
                    + "'exception', ?)", e.fromFinding(), e.madeAt(), e.madeBy(), "made exception " + id[0] + ": "
                    + e.reason());
        });
        return id[0];
    }

    /**
     * Ends an exception early: findings first seen from now on, and findings an audit finds from now
     * on (whenever their events were), are no longer covered.
     */
    public static boolean end(Db db, long id, String who) {
        LocalDateTime now = Db.nowUtc();
        int n = db.update("UPDATE finding_exceptions SET ended_at = ?, ended_by = ? WHERE exception_id = ? "
                + "AND ended_at IS NULL", now, who, id);
        if (n > 0) {
            Object from = db.scalar("SELECT from_finding FROM finding_exceptions WHERE exception_id = ?", id);
            db.update("INSERT INTO finding_history (finding_id, changed_at, changed_by, what, note) VALUES (?, ?, ?, "
                    + "'exception', ?)", from, now, who, "ended exception " + id + " early");
        }
        return n > 0;
    }
}
