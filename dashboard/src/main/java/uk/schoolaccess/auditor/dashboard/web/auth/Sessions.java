package uk.schoolaccess.auditor.dashboard.web.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in memory: a random token in an HttpOnly, SameSite=Strict cookie, a
 * per-session CSRF token for every form, and an idle timeout. A restart signs everyone out,
 * which is the safe failure for a page of children's data.
 */
public final class Sessions {

    public static final String COOKIE = "auditor_session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    public Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    /** One signed-in session. */
    public record Session(String token, Users.User user, String csrf, Instant lastSeen) {
    }

    public Session start(Users.User user) {
        Session s = new Session(random(), user, random(), clock.instant());
        byToken.put(s.token(), s);
        return s;
    }

    /** The live session for a token, its idle clock reset; empty when unknown or idle too long. */
    public Optional<Session> touch(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = byToken.get(token);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (s.lastSeen().plus(idle).isBefore(now)) {
            byToken.remove(token);
            return Optional.empty();
        }
        Session fresh = new Session(s.token(), s.user(), s.csrf(), now);
        byToken.put(token, fresh);
        return Optional.of(fresh);
    }

    public void end(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }

    public Duration idle() {
        return idle;
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
