package uk.schoolaccess.auditor.dashboard.web;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.analytics.health.SchoolNetworks;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.ConfigListEdit;

/**
 * The school's own networks ({@code networks.school}) as the data suggests them and as the DPO
 * accepts them into auditor.yaml, from the weekly page or {@code auditor config accept-networks}.
 * The config file is read afresh every time, so a range accepted in one place shows in the other
 * at once; it takes effect for the next audit (which the server can start). Only ranges the data
 * suggests now are ever written, whatever a form sends.
 */
public final class SchoolNetworkConfig {

    /** Re-runs the audit with the config as it is now; returns its one-line summary. */
    @FunctionalInterface
    public interface Audit {
        String run() throws Exception;
    }

    /** What an accept did: the ranges added (none when all were there), and the file they went into. */
    public record Accepted(List<String> added, List<SchoolNetworks.Suggestion> suggested, Path file) {
    }

    private final ConfigFile config;
    private final AuditSettings fixed;
    private final Audit audit;
    private volatile String auditState;
    private volatile Accepted lastAccepted;
    /** The suggestions as last computed, and the state of the data they were computed on. */
    private volatile Cached cached;

    private record Cached(String data, List<SchoolNetworks.Suggestion> suggestions) {
    }

    private SchoolNetworkConfig(ConfigFile config, AuditSettings fixed, Audit audit) {
        this.config = config;
        this.fixed = fixed;
        this.audit = audit;
    }

    /** Settings with no file behind them (a dashboard a test builds): suggestions shown, nothing to write to. */
    public static SchoolNetworkConfig fixed(AuditSettings settings) {
        return new SchoolNetworkConfig(null, settings, null);
    }

    /** The school's config file; audit re-runs the audit after an accept, or null where none can be started. */
    public static SchoolNetworkConfig of(ConfigFile config, Audit audit) {
        return new SchoolNetworkConfig(config, null, audit);
    }

    /** The configured networks.school, as the file says now. */
    public List<String> configured() {
        return config == null ? fixed.networks().school() : AuditSettings.from(config.reread()).networks().school();
    }

    /** The file an accept writes to; null when there is none. */
    public Path file() {
        return config == null ? null : config.file();
    }

    /** The ranges the data suggests that networks.school does not cover yet. */
    public List<SchoolNetworks.Suggestion> missing(Connection c, ZoneId zone) throws SQLException {
        return SchoolNetworks.missingFrom(suggestions(c, zone), configured());
    }

    /**
     * The weekly page is the dashboard's front page: the suggestions (a join of every sign-in
     * with the logons before it) are computed again only when the data changed (a load or a
     * purge changes these counts, which DuckDB keeps without scanning).
     */
    private List<SchoolNetworks.Suggestion> suggestions(Connection c, ZoneId zone) throws SQLException {
        String data;
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT (SELECT count(*) "
                + "FROM signins) || ':' || (SELECT count(*) FROM logon_events) || ':' || (SELECT count(*) FROM "
                + "ingest_batches)")) {
            rs.next();
            data = rs.getString(1) + ":" + zone.getId();
        }
        Cached last = cached;
        if (last == null || !last.data().equals(data)) {
            last = new Cached(data, SchoolNetworks.suggest(c, zone));
            cached = last;
        }
        return last.suggestions();
    }

    /**
     * Adds to networks.school the suggested ranges it misses, of those asked for (all when
     * {@code only} is null). A second accept adds nothing and leaves the file alone.
     */
    public Accepted accept(Connection c, ZoneId zone, List<String> only) throws SQLException, IOException {
        Path file = file();
        if (file == null) {
            throw new IllegalArgumentException("there is no configuration file to write to; start the server with "
                    + "--config FILE or put auditor.yaml beside the store");
        }
        List<SchoolNetworks.Suggestion> missing = missing(c, zone).stream()
                .filter(s -> only == null || only.contains(s.cidr())).toList();
        List<String> added = missing.isEmpty() ? List.of()
                : ConfigListEdit.add(file, "networks", "school", missing.stream().map(SchoolNetworks.Suggestion::cidr).toList());
        lastAccepted = new Accepted(added, missing, file);
        return lastAccepted;
    }

    /** What the last accept through this server did; null before any. */
    public Accepted lastAccepted() {
        return lastAccepted;
    }

    /** Whether this process can re-run the audit (the server can; a bare dashboard cannot). */
    public boolean canAudit() {
        return audit != null;
    }

    /** Starts the audit in the background unless one started here is still running; false if it is. */
    public synchronized boolean startAudit() {
        if (audit == null) {
            throw new IllegalArgumentException("this dashboard cannot run the audit; run 'auditor audit'");
        }
        if ("running".equals(auditState)) {
            return false;
        }
        auditState = "running";
        Thread t = new Thread(() -> {
            try {
                auditState = audit.run();
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                auditState = "failed: " + why.lines().findFirst().orElse(why);
            }
        }, "audit-after-networks");
        t.setDaemon(true);
        t.start();
        return true;
    }

    /** null (none started here), "running", the finished audit's summary, or "failed: why". */
    public String auditState() {
        return auditState;
    }
}
