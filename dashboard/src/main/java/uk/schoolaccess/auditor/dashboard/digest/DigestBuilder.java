package uk.schoolaccess.auditor.dashboard.digest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.health.DataHealth;
import uk.schoolaccess.auditor.dashboard.triage.Exceptions;
import uk.schoolaccess.auditor.dashboard.triage.Triage;
import uk.schoolaccess.auditor.dashboard.web.Db;
import uk.schoolaccess.auditor.dashboard.web.PlainWords;
import uk.schoolaccess.auditor.dashboard.web.SchoolTime;
import uk.schoolaccess.auditor.dashboard.web.Templates;

/**
 * Builds the digests from the store. Data minimisation (docs/digests.md): a digest names a finding
 * by detector, AUP clause, severity, staff member and date, with a link to the dashboard; it never
 * carries a finding's summary, subject or evidence (they can name pupils), nor any pupil's name or
 * id, nor incident text. Withdrawn findings (an audit no longer finds them) are counted, not
 * listed as alerts; every link opens a page, as findings are withdrawn rather than deleted.
 */
public final class DigestBuilder {

    /** The detectors whose high-severity findings reach the DSL daily (AUP REP-1). */
    public static final List<String> DAILY_DETECTORS = List.of("out_of_role_access", "bulk_export");
    static final int LISTED = 50;

    private final Db db;
    private final AuditSettings audit;
    private final DigestSettings settings;
    private final ZoneId zone;
    private final Templates templates;
    private final SchoolTime time;
    /** High-severity findings left out of the lists because an exception covers them. */
    private int suppressed;
    /** Where the dashboard really listens, for links when the config leaves digests.base_url at its default. */
    private volatile String servedAt;

    public DigestBuilder(Db db, AuditSettings audit, DigestSettings settings, ZoneId zone) {
        this.db = db;
        this.audit = audit;
        this.settings = settings;
        this.zone = zone;
        this.time = new SchoolTime(zone);
        this.templates = new Templates(false, time);
    }

    public DigestSettings settings() {
        return settings;
    }

    /**
     * The address the dashboard is served on ({@code http://127.0.0.1:8080}): digest links use it
     * unless the config sets digests.base_url (the address staff reach it by, e.g. behind HTTPS).
     */
    public DigestBuilder servedAt(String url) {
        this.servedAt = url == null ? null : url.replaceAll("/+$", "");
        return this;
    }

    /** The dashboard address links in a digest start with. */
    public String base() {
        String configured = settings.digests().baseUrl();
        return servedAt != null && DigestSettings.DEFAULT_BASE_URL.equals(configured) ? servedAt : configured;
    }

    /** The week a manual digest reports: the last full week before now, or the latest week with data if older. */
    public LocalDate defaultWeek(Instant now) {
        LocalDate lastFull = LocalDate.ofInstant(now, zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .minusWeeks(1);
        Object last = db.scalar("SELECT max(ts) FROM (SELECT max(ts) AS ts FROM record_access UNION ALL "
                + "SELECT max(ts) FROM logon_events UNION ALL SELECT max(ts) FROM signins)");
        if (last instanceof LocalDateTime t) {
            LocalDate dataWeek = t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            return dataWeek.isBefore(lastFull) ? dataWeek : lastFull;
        }
        return lastFull;
    }

    /** The DPO's weekly digest of the week starting {@code week} (a Monday). */
    public Digest weekly(LocalDate week, List<String> to) throws SQLException {
        LocalDateTime from = week.atStartOfDay();
        LocalDateTime until = week.plusDays(7).atStartOfDay();
        LocalDateTime prevFrom = week.minusWeeks(1).atStartOfDay();
        String base = base();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("week", week);
        m.put("weekEnd", week.plusDays(6));
        m.put("base", base);
        m.put("weekLink", base + "/?week=" + week);
        m.put("findingsLink", base + "/findings?week=" + week);

        List<Map<String, Object>> byDetector = db.rows("SELECT detector, string_agg(DISTINCT aup_clause, ', ' ORDER BY aup_clause) AS clause, "
                + "count(*) FILTER (WHERE first_seen >= ? AND severity = 'high') AS high, "
                + "count(*) FILTER (WHERE first_seen >= ? AND severity = 'medium') AS medium, "
                + "count(*) FILTER (WHERE first_seen >= ? AND severity = 'low') AS low, "
                + "count(*) FILTER (WHERE first_seen >= ?) AS total, "
                + "count(*) FILTER (WHERE first_seen < ?) AS previous "
                + "FROM findings WHERE first_seen >= ? AND first_seen < ? AND status <> 'withdrawn' "
                + "GROUP BY detector ORDER BY detector",
                from, from, from, from, from, prevFrom, until);
        long total = 0;
        long previous = 0;
        for (Map<String, Object> r : byDetector) {
            long t = num(r.get("total"));
            long p = num(r.get("previous"));
            total += t;
            previous += p;
            r.put("change", change(t, p));
            r.put("name", PlainWords.detector((String) r.get("detector")));
            r.put("link", base + "/findings?detector=" + enc((String) r.get("detector")) + "&week=" + week);
        }
        m.put("byDetector", byDetector);
        m.put("total", total);
        m.put("previousTotal", previous);
        m.put("totalChange", change(total, previous));
        long withdrawn = num(db.scalar("SELECT count(*) FROM findings WHERE status = 'withdrawn' AND first_seen >= ? "
                + "AND first_seen < ?", from, until));
        m.put("withdrawnCount", withdrawn);
        m.put("withdrawnLink", base + "/findings?status=withdrawn&week=" + week);

        int before = suppressed;
        List<Map<String, Object>> high = findings(week.plusDays(6), "SELECT f.finding_id, f.detector, f.aup_clause, "
                + "f.severity, f.status, f.assignee, f.summary, f.evidence, f.first_seen, f.found_at, f.staff_id, s.display_name FROM findings f "
                + "LEFT JOIN staff s USING (staff_id) WHERE f.severity = 'high' AND f.first_seen >= ? AND f.first_seen < ? AND f.status <> 'withdrawn' "
                + "ORDER BY f.first_seen, f.finding_id", from, until);
        m.put("highCount", high.size());
        m.put("suppressedCount", suppressed - before);
        m.put("suppressedLink", base + "/findings?suppressed=only&week=" + week);
        m.put("high", high.size() > LISTED ? high.subList(0, LISTED) : high);
        m.put("highMore", Math.max(0, high.size() - LISTED));

        DataHealth.Report health;
        synchronized (db) {
            health = DataHealth.of(db.connection(), 0);
        }
        List<Map<String, Object>> sources = new ArrayList<>();
        Instant lateBefore = week.plusDays(4).atStartOfDay(zone).toInstant(); // nothing since Friday
        for (DataHealth.SourceCoverage s : health.sources()) {
            long inWeek = num(db.scalar("SELECT count(*) FROM " + table(s.table()) + " WHERE source = ? "
                    + "AND ts >= ? AND ts < ?", s.source(), from, until));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("table", s.table());
            r.put("source", s.source());
            r.put("events", inWeek);
            r.put("last", s.last() == null ? "never" : LocalDateTime.ofInstant(s.last(), zone).toLocalDate().toString());
            r.put("state", inWeek == 0 ? "missing" : s.last() != null && s.last().isBefore(lateBefore) ? "late" : "ok");
            sources.add(r);
        }
        m.put("sources", sources);
        m.put("problemSources", sources.stream().filter(r -> !"ok".equals(r.get("state"))).count());
        m.put("quarantined", health.quarantined());
        m.put("unknownAccounts", health.unknownAccountCount());
        m.put("mfa", mfa(from, until));
        m.put("coverage", coverage(week));
        m.put("healthLink", base + "/?week=" + week + "#data-health");

        String subject = "Weekly access audit, week of " + week + ": " + total + " finding(s), " + high.size()
                + " high severity";
        return new Digest("weekly", week.toString(), to, subject, templates.render("digest/weekly-text", m),
                templates.render("digest/weekly-html", m), high.stream().map(r -> (String) r.get("id")).toList(),
                false);
    }

    /** The DSL's daily digest: high-severity browsing/export findings no daily digest has reported yet. */
    public Digest daily(LocalDate day, List<String> to) {
        String in = String.join(", ", DAILY_DETECTORS.stream().map(d -> "?").toList());
        List<Object> params = new ArrayList<>(DAILY_DETECTORS);
        List<Map<String, Object>> fresh = findings(day, "SELECT f.finding_id, f.detector, f.aup_clause, f.severity, "
                + "f.status, f.assignee, f.summary, f.evidence, f.first_seen, f.found_at, f.staff_id, s.display_name FROM findings f "
                + "LEFT JOIN staff s USING (staff_id) WHERE f.severity = 'high' AND f.status <> 'withdrawn' AND f.detector IN (" + in + ") AND f.finding_id NOT IN "
                + "(SELECT finding_id FROM digest_findings WHERE kind = 'daily') ORDER BY f.first_seen, f.finding_id",
                params.toArray());
        String base = base();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", day);
        m.put("count", fresh.size());
        m.put("findings", fresh.size() > LISTED ? fresh.subList(0, LISTED) : fresh);
        m.put("more", Math.max(0, fresh.size() - LISTED));
        m.put("dslLink", base + "/dsl");
        m.put("findingsLink", base + "/findings?severity=high");
        String subject = "Safeguarding alert " + day + ": " + fresh.size() + " new high-severity finding(s)";
        return new Digest("daily", day.toString(), to, subject, templates.render("digest/daily-text", m),
                templates.render("digest/daily-html", m), fresh.stream().map(r -> (String) r.get("id")).toList(),
                fresh.isEmpty());
    }

    /**
     * Finding rows reduced to what a digest may say: no summary, subject, account or evidence (its
     * facts only choose the title's words, which name no one). Each says its status and how old it
     * is on {@code asOf}, so a finding from weeks ago, or one already confirmed, does not read as news.
     */
    private List<Map<String, Object>> findings(LocalDate asOf, String sql, Object... params) {
        String base = base();
        List<Map<String, Object>> out = new ArrayList<>();
        Exceptions exceptions = Exceptions.load(db, zone);
        for (Map<String, Object> r : db.rows(sql, params)) {
            if (exceptions.suppressing(r) != null) {
                suppressed++; // the DPO said this is routine: not news (the weekly digest counts them)
                continue;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            String id = (String) r.get("finding_id");
            f.put("id", id);
            f.put("detector", r.get("detector"));
            com.fasterxml.jackson.databind.JsonNode facts = null;
            try {
                facts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(String.valueOf(r.get("evidence")))
                        .path("facts");
            } catch (java.io.IOException e) {
                // the title falls back to the detector's name
            }
            f.put("title", PlainWords.title((String) r.get("detector"), (String) r.get("aup_clause"), facts));
            f.put("clauseName", PlainWords.clause((String) r.get("aup_clause")));
            f.put("status", Triage.label((String) r.get("status"))
                    + (r.get("assignee") == null ? "" : ", assigned to " + r.get("assignee")));
            LocalDate seen = time.local(r.get("first_seen")) == null ? null : time.local(r.get("first_seen")).toLocalDate();
            f.put("age", seen == null ? "" : age(seen, asOf));
            f.put("clause", r.get("aup_clause"));
            f.put("severity", r.get("severity"));
            f.put("date", time.day(r.get("first_seen")));
            f.put("staff", staffName((String) r.get("staff_id"), (String) r.get("display_name")));
            f.put("link", base + "/findings/" + enc(id));
            out.add(f);
        }
        return out;
    }

    /** "today", "yesterday", "3 days ago", "2 weeks ago": how old a finding is on the digest's day. */
    static String age(LocalDate seen, LocalDate asOf) {
        long days = java.time.temporal.ChronoUnit.DAYS.between(seen, asOf);
        if (days <= 0) {
            return "today";
        }
        if (days == 1) {
            return "yesterday";
        }
        return days < 14 ? days + " days ago" : days / 7 + " weeks ago";
    }

    String staffName(String staffId, String displayName) {
        if (staffId == null) {
            return "unknown account";
        }
        if (displayName == null || displayName.isBlank()) {
            return staffId;
        }
        if ("initials".equals(settings.digests().staffNames())) {
            StringBuilder b = new StringBuilder();
            for (String part : displayName.trim().split("[\\s-]+")) {
                if (!part.isEmpty() && Character.isLetter(part.charAt(0))) {
                    b.append(Character.toUpperCase(part.charAt(0)));
                }
            }
            return b.length() == 0 ? staffId : b.toString();
        }
        return displayName;
    }

    private List<Map<String, Object>> mfa(LocalDateTime from, LocalDateTime until) {
        List<String> apps = new ArrayList<>(audit.apps().mis());
        apps.addAll(audit.apps().safeguarding());
        if (apps.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", apps.stream().map(a -> "?").toList());
        List<Object> params = new ArrayList<>(List.of(from, until));
        apps.forEach(a -> params.add(a.toLowerCase(Locale.ROOT)));
        List<Map<String, Object>> rows = db.rows("SELECT app, "
                + "count(*) FILTER (WHERE auth_requirement = 'multi_factor') AS mfa, "
                + "count(*) FILTER (WHERE auth_requirement = 'single_factor') AS single "
                + "FROM signins WHERE success AND ts >= ? AND ts < ? AND lower(app) IN (" + in + ") "
                + "GROUP BY app ORDER BY app", params.toArray());
        for (Map<String, Object> r : rows) {
            long mfa = num(r.get("mfa"));
            long single = num(r.get("single"));
            r.put("share", mfa + single == 0 ? "n/a" : String.format(Locale.UK, "%.1f%%", 100.0 * mfa / (mfa + single)));
        }
        return rows;
    }

    private Map<String, Object> coverage(LocalDate week) {
        Map<String, Object> r = db.rows("SELECT coalesce(sum(accesses), 0) AS accesses, "
                + "coalesce(sum(explained), 0) AS explained FROM coverage_daily WHERE day >= ? AND day < ?",
                week, week.plusDays(7)).get(0);
        long a = num(r.get("accesses"));
        long e = num(r.get("explained"));
        r.put("share", a == 0 ? "n/a (no audit of this week yet)" : String.format(Locale.UK, "%.1f%%", 100.0 * e / a));
        return r;
    }

    private static String table(String name) {
        return switch (name) {
            case "record_access", "logon_events", "signins" -> name;
            default -> throw new IllegalArgumentException("unknown event table " + name);
        };
    }

    private static String change(long now, long before) {
        if (now == before) {
            return "no change";
        }
        return (now > before ? "+" : "") + (now - before) + " on the previous week";
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
