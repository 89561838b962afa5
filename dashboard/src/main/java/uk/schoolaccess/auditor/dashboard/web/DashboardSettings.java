package uk.schoolaccess.auditor.dashboard.web;

import java.time.Duration;
import java.util.List;

import uk.schoolaccess.auditor.analytics.config.Cidr;
import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * The {@code dashboard:} section of auditor.yaml (docs/configuration.md): whether it is reached
 * over HTTPS (so the session cookie is {@code Secure}), which reverse proxies in front of it may
 * say so (and who the client is), and how long a session may last however busy.
 *
 * @param https          true when every browser reaches the dashboard over HTTPS (a proxy terminates TLS)
 * @param trustedProxies addresses or ranges of reverse proxies whose X-Forwarded-Proto and
 *                       X-Forwarded-For are believed; from anyone else those headers are ignored
 * @param sessionHours   a session ends this many hours after signing in, however busy
 */
public record DashboardSettings(Boolean https, List<String> trustedProxies, Integer sessionHours) {

    public static final DashboardSettings DEFAULTS = new DashboardSettings(null, null, null);
    static final int MAX_SESSION_HOURS = 24 * 7;

    public DashboardSettings {
        https = https != null && https;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        trustedProxies.forEach(p -> Cidr.parse(p, "dashboard.trusted_proxies"));
        sessionHours = sessionHours == null ? 12 : sessionHours;
        if (sessionHours < 1 || sessionHours > MAX_SESSION_HOURS) {
            throw new ConfigException("dashboard.session_hours: " + sessionHours + " is not between 1 and "
                    + MAX_SESSION_HOURS);
        }
    }

    public static DashboardSettings from(ConfigFile config) {
        return config.section("dashboard", DashboardSettings.class, DEFAULTS);
    }

    /** The absolute lifetime of a session. */
    public Duration sessionLifetime() {
        return Duration.ofHours(sessionHours);
    }

    /** Whether a connection from this address is one of the configured reverse proxies. */
    public boolean trustedProxy(String address) {
        if (address == null) {
            return false;
        }
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        return trustedProxies.stream().anyMatch(p -> Cidr.parse(p, "dashboard.trusted_proxies").contains(a));
    }
}
