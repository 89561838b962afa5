package uk.schoolaccess.auditor.dashboard.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #FREE} wrong passwords for one user name (or from one
 * address), further attempts are refused until a lock-out that doubles each time has passed.
 */
public final class LoginThrottle {

    static final int FREE = 5;
    static final Duration FIRST_LOCK = Duration.ofMinutes(1);

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the caller must wait; zero when an attempt may be made now. */
    public Duration wait(String key) {
        Failures f = failures.get(key);
        if (f == null || f.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    public void failed(String key) {
        failures.compute(key, (k, f) -> {
            int n = f == null ? 1 : f.count() + 1;
            Instant lock = n < FREE ? null : clock.instant().plus(FIRST_LOCK.multipliedBy(1L << Math.min(10, n - FREE)));
            return new Failures(n, lock);
        });
    }

    public void succeeded(String key) {
        failures.remove(key);
    }
}
