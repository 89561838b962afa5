package uk.schoolaccess.auditor.dashboard.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import uk.schoolaccess.auditor.dashboard.web.Db;

/**
 * Signed-in sessions, kept in the store ({@code dashboard_sessions}) so that restarting or
 * upgrading the server signs nobody out: a random 256-bit token in an HttpOnly, SameSite=Strict
 * cookie, of which the store keeps only the SHA-256; a per-session CSRF token for every form,
 * derived from the session token (so it is not kept either); an idle timeout judged from
 * {@code last_seen} and an absolute lifetime from {@code created_at}. Signing in ends the user's
 * earlier sessions. A session whose user was removed, or whose role changed, ends too.
 */
public final class Sessions {

    public static final String COOKIE = "auditor_session";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Longer than any token we issue: such a cookie is not looked up. */
    private static final int LONGEST_TOKEN = 100;
    private static final int USER_AGENT_HINT = 120;

    private final Db db;
    private final Duration idle;
    private final Duration lifetime;
    private final Clock clock;

    public Sessions(Db db, Duration idle, Duration lifetime, Clock clock) {
        this.db = db;
        this.idle = idle;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** One signed-in session. */
    public record Session(String token, Users.User user, String csrf, Instant lastSeen) {
    }

    /** Starts a session for a user who has just given the right password; their earlier sessions end. */
    public Session start(Users.User user, String userAgent) {
        String token = random();
        Instant now = clock.instant();
        LocalDateTime at = utc(now);
        db.transaction(d -> {
            d.update("DELETE FROM dashboard_sessions WHERE username = ? OR last_seen < ? OR created_at < ?",
                    user.name(), utc(now.minus(idle)), utc(now.minus(lifetime)));
            d.update("INSERT INTO dashboard_sessions VALUES (?, ?, ?, ?, ?, ?)", hash(token), user.name(),
                    user.role().label(), at, at, hint(userAgent));
        });
        return new Session(token, user, csrf(token), now);
    }

    /** The live session for a token, its idle clock reset; empty when unknown, idle too long or too old. */
    public Optional<Session> touch(String token) {
        if (token == null || token.isEmpty() || token.length() > LONGEST_TOKEN) {
            return Optional.empty();
        }
        String h = hash(token);
        List<Map<String, Object>> rows = db.rows("SELECT s.username, s.role, s.created_at, s.last_seen "
                + "FROM dashboard_sessions s JOIN dashboard_users u ON u.username = s.username AND u.role = s.role "
                + "WHERE s.token_sha256 = ?", h);
        if (rows.isEmpty()) {
            db.update("DELETE FROM dashboard_sessions WHERE token_sha256 = ?", h);
            return Optional.empty();
        }
        Map<String, Object> r = rows.get(0);
        Instant now = clock.instant();
        Instant created = instant(r.get("created_at"));
        Instant lastSeen = instant(r.get("last_seen"));
        if (lastSeen.plus(idle).isBefore(now) || !created.plus(lifetime).isAfter(now)) {
            db.update("DELETE FROM dashboard_sessions WHERE token_sha256 = ?", h);
            return Optional.empty();
        }
        db.update("UPDATE dashboard_sessions SET last_seen = ? WHERE token_sha256 = ?", utc(now), h);
        Users.User user = new Users.User((String) r.get("username"), Role.parse((String) r.get("role")));
        return Optional.of(new Session(token, user, csrf(token), now));
    }

    public void end(String token) {
        if (token != null && token.length() <= LONGEST_TOKEN) {
            db.update("DELETE FROM dashboard_sessions WHERE token_sha256 = ?", hash(token));
        }
    }

    public Duration idle() {
        return idle;
    }

    public Duration lifetime() {
        return lifetime;
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** What the store keeps of a token. */
    static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** The session's form token: only whoever holds the session token can compute it. */
    static String csrf(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("csrf\u0000" + token));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short, printable hint of the browser, for the DPO reading the table; never used to decide anything. */
    private static String hint(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        String s = userAgent.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > USER_AGENT_HINT ? s.substring(0, USER_AGENT_HINT) : s;
    }

    private static LocalDateTime utc(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(Object v) {
        LocalDateTime t = v instanceof java.sql.Timestamp ts ? ts.toLocalDateTime() : (LocalDateTime) v;
        return t.toInstant(ZoneOffset.UTC);
    }
}
