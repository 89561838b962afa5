package uk.schoolaccess.auditor.dashboard.web.pages;

import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import uk.schoolaccess.auditor.analytics.health.DataHealth;
import uk.schoolaccess.auditor.analytics.health.SchoolNetworks;
import uk.schoolaccess.auditor.dashboard.web.SchoolNetworkConfig;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;

/**
 * The DPO's weekly audit: the week's findings by detector and severity against previous weeks,
 * MFA coverage per sensitive app, explanation coverage (by the roster and from activity), roster
 * health (teaching the roster export does not list) and data health, so the DPO sees when the
 * audit is blind (a source that stopped, quarantined rows, accounts nobody owns, groups missing),
 * including the school's own networks the config does not name yet, which the DPO can accept
 * into auditor.yaml here.
 */
public final class WeeklyPage {

    static final List<String> SEVERITIES = List.of("high", "medium", "low");
    private final WebServer.Web web;
    private final SchoolNetworkConfig networks;

    public WeeklyPage(WebServer.Web web) {
        this(web, SchoolNetworkConfig.fixed(web.settings()));
    }

    public WeeklyPage(WebServer.Web web, SchoolNetworkConfig networks) {
        this.web = web;
        this.networks = networks;
    }

    public void routes(Javalin app) {
        app.get("/", this::show);
        app.post("/networks/accept", this::acceptNetworks);
        app.post("/networks/audit", this::auditAgain);
    }

    private void show(Context ctx) throws SQLException {
        Role role = web.user(ctx).role();
        LocalDate latest = latestWeek();
        LocalDate asked = Range.day("week", ctx.queryParam("week"));
        LocalDate week = asked == null ? latest : asked.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDateTime from = week.atStartOfDay();
        LocalDateTime to = week.plusDays(7).atStartOfDay();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Weekly audit");
        m.put("week", week);
        m.put("previous", week.minusWeeks(1));
        m.put("next", week.plusWeeks(1).isAfter(latest) ? null : week.plusWeeks(1));
        m.put("byDetector", byDetector(role, from, to));
        m.put("trend", trend(role, week));
        m.put("mfa", mfa(from, to));
        m.put("coverage", coverage(week));
        m.put("health", health());
        m.put("files", web.db().scalar("SELECT count(DISTINCT sha256) FROM ingest_batches"));
        // The period it covered too: a one-week re-audit's counts are that week's, not the school's.
        List<Map<String, Object>> runs = web.db().rows("SELECT started_at AS ran_at, period_from, "
                + "period_to - INTERVAL 1 SECOND AS period_last, findings, new_findings FROM audit_runs "
                + "ORDER BY started_at DESC LIMIT 1");
        m.put("lastAudit", runs.isEmpty() ? null : runs.get(0));
        m.put("auditedBefore", runs.isEmpty() && web.db().scalar("SELECT 1 FROM findings LIMIT 1") != null);
        m.put("rosterHealth", rosterHealth());
        m.put("digestFailure", uk.schoolaccess.auditor.dashboard.digest.DigestService.lastFailure(web.db()));
        m.put("networks", networks(ctx, role));
        web.page(ctx, "weekly", m);
    }

    /**
     * The school's own ranges the data shows and networks.school misses (without them every
     * address is off-site), with the evidence; what the last accept did; the audit it offers.
     */
    private Map<String, Object> networks(Context ctx, Role role) throws SQLException {
        List<SchoolNetworks.Suggestion> missing;
        synchronized (web.db()) {
            missing = networks.missing(web.db().connection(), web.zone());
        }
        Map<String, Object> n = new LinkedHashMap<>();
        // what the last accept did is the server's own record, never echoed from the link
        SchoolNetworkConfig.Accepted accepted = "1".equals(ctx.queryParam("accepted")) ? networks.lastAccepted() : null;
        String audit = networks.auditState();
        if (missing.isEmpty() && accepted == null && audit == null) {
            return null;
        }
        n.put("configuredEmpty", networks.configured().isEmpty());
        n.put("suggestions", missing.stream().map(s -> Map.of("cidr", s.cidr(), "evidence", s.evidence(),
                "addresses", String.join(", ", s.addresses()))).toList());
        n.put("canAccept", role == Role.DPO && networks.file() != null);
        n.put("file", networks.file() == null ? null : networks.file().toString());
        n.put("accepted", accepted == null ? null : accepted.added());
        n.put("canAudit", role == Role.DPO && networks.canAudit());
        n.put("audit", audit);
        return n;
    }

    private void acceptNetworks(Context ctx) throws SQLException, java.io.IOException {
        web.require(ctx, web.user(ctx).role() == Role.DPO);
        List<String> asked = ctx.formParams("cidr");
        SchoolNetworkConfig.Accepted done;
        synchronized (web.db()) {
            done = networks.accept(web.db().connection(), web.zone(), asked.isEmpty() ? null : asked);
        }
        web.accessLog().record(ctx, web.user(ctx), "config", done.added().isEmpty() ? "networks.school: nothing to add"
                : "networks.school += " + String.join(", ", done.added()));
        ctx.redirect("/?accepted=1#school-network", HttpStatus.SEE_OTHER);
    }

    private void auditAgain(Context ctx) {
        web.require(ctx, web.user(ctx).role() == Role.DPO);
        if (networks.startAudit()) {
            web.accessLog().record(ctx, web.user(ctx), "audit", "re-run after accepting networks");
        }
        ctx.redirect("/#school-network", HttpStatus.SEE_OTHER);
    }

    private LocalDate latestWeek() {
        Object last = web.db().scalar("SELECT max(ts) FROM (SELECT max(ts) AS ts FROM record_access UNION ALL "
                + "SELECT max(ts) FROM logon_events UNION ALL SELECT max(ts) FROM signins)");
        LocalDate d = last instanceof java.sql.Timestamp t ? t.toLocalDateTime().toLocalDate()
                : last instanceof LocalDateTime t ? t.toLocalDate() : LocalDate.now();
        return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private List<Map<String, Object>> byDetector(Role role, LocalDateTime from, LocalDateTime to) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : web.db().rows("SELECT detector, aup_clause, "
                + "count(*) FILTER (WHERE severity = 'high') AS high, count(*) FILTER (WHERE severity = 'medium') AS medium, "
                + "count(*) FILTER (WHERE severity = 'low') AS low, count(*) FILTER (WHERE status = 'open') AS open "
                + "FROM findings WHERE first_seen >= ? AND first_seen < ? AND status <> 'withdrawn' GROUP BY detector, aup_clause "
                + "ORDER BY detector, aup_clause", from, to)) {
            if (role.seesDetector((String) r.get("detector"))) {
                r.put("detector_name", uk.schoolaccess.auditor.dashboard.web.PlainWords.detector((String) r.get("detector")));
                r.put("clause_name", uk.schoolaccess.auditor.dashboard.web.PlainWords.clause((String) r.get("aup_clause")));
                out.add(r);
            }
        }
        return out;
    }

    private String trend(Role role, LocalDate week) {
        List<Svg.Bar> bars = new ArrayList<>();
        for (int i = 7; i >= 0; i--) {
            LocalDate w = week.minusWeeks(i);
            List<Double> parts = new ArrayList<>();
            for (String sev : SEVERITIES) {
                long n = web.db().rows("SELECT detector FROM findings WHERE severity = ? AND first_seen >= ? "
                                + "AND first_seen < ? AND status <> 'withdrawn'", sev, w.atStartOfDay(), w.plusDays(7).atStartOfDay()).stream()
                        .filter(r -> role.seesDetector((String) r.get("detector"))).count();
                parts.add((double) n);
            }
            bars.add(new Svg.Bar(w.toString().substring(5), parts));
        }
        return Svg.stackedBars(bars, SEVERITIES, "Findings per week by severity");
    }

    private List<Map<String, Object>> mfa(LocalDateTime from, LocalDateTime to) {
        List<String> apps = new ArrayList<>(web.settings().apps().mis());
        apps.addAll(web.settings().apps().safeguarding());
        String in = String.join(", ", apps.stream().map(a -> "?").toList());
        List<Object> params = new ArrayList<>(List.of(from, to));
        apps.forEach(a -> params.add(a.toLowerCase(java.util.Locale.ROOT)));
        List<Map<String, Object>> rows = new ArrayList<>(web.db().rows("SELECT app, "
                + "count(*) FILTER (WHERE auth_requirement = 'multi_factor') AS mfa, "
                + "count(*) FILTER (WHERE auth_requirement = 'single_factor') AS single, "
                + "count(*) FILTER (WHERE auth_requirement IS NULL) AS elsewhere "
                + "FROM signins WHERE success AND ts >= ? AND ts < ? AND lower(app) IN (" + in + ") "
                + "GROUP BY app ORDER BY app", params.toArray()));
        rows.addAll(web.db().rows("SELECT " + uk.schoolaccess.auditor.dashboard.web.PlainWords.OWN_LOGINS_LABEL + " AS app, "
                + "count(*) FILTER (WHERE mfa) AS mfa, "
                + "count(*) FILTER (WHERE NOT mfa) AS single, 0 AS elsewhere FROM logon_events "
                + "WHERE kind = 'logon' AND mfa IS NOT NULL AND ts >= ? AND ts < ? GROUP BY source ORDER BY source", from, to));
        for (Map<String, Object> r : rows) {
            long mfa = ((Number) r.get("mfa")).longValue();
            long single = ((Number) r.get("single")).longValue();
            r.put("share", mfa + single == 0 ? "n/a" : String.format(java.util.Locale.UK, "%.1f%%", 100.0 * mfa / (mfa + single)));
        }
        return rows;
    }

    private Map<String, Object> coverage(LocalDate week) {
        Map<String, Object> r = web.db().rows("SELECT coalesce(sum(accesses), 0) AS accesses, "
                + "coalesce(sum(explained), 0) AS explained, coalesce(sum(from_activity), 0) AS from_activity "
                + "FROM coverage_daily WHERE day >= ? AND day < ?",
                week, week.plusDays(7)).get(0);
        long a = ((Number) r.get("accesses")).longValue();
        long e = ((Number) r.get("explained")).longValue();
        long act = ((Number) r.get("from_activity")).longValue();
        r.put("share", a == 0 ? "n/a (no audit of this week yet)" : String.format(java.util.Locale.UK, "%.1f%%", 100.0 * e / a));
        r.put("rosterShare", a == 0 ? "n/a" : String.format(java.util.Locale.UK, "%.1f%%", 100.0 * (e - act) / a));
        r.put("activityShare", a == 0 ? "n/a" : String.format(java.util.Locale.UK, "%.1f%%", 100.0 * act / a));
        return r;
    }

    /** Teaching the school's activity shows and the roster does not list, from the last audit. */
    private uk.schoolaccess.auditor.analytics.health.RosterHealth.Report rosterHealth() throws SQLException {
        synchronized (web.db()) {
            return uk.schoolaccess.auditor.analytics.health.RosterHealth.of(web.db().connection(), 10);
        }
    }

    private DataHealth.Report health() throws SQLException {
        synchronized (web.db()) {
            return DataHealth.of(web.db().connection(), 10);
        }
    }
}
