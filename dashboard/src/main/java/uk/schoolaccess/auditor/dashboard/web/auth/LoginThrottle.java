package uk.schoolaccess.auditor.dashboard.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Slows password guessing without letting one person's typos lock anyone else out.
 *
 * <ul>
 * <li>Per account: after {@link #FREE} wrong passwords for one user name, further attempts for
 * that name wait for a lock-out that doubles each time (1 minute, 2, 4, ... at most
 * {@link #LONGEST_LOCK}). A right password clears the count.</li>
 * <li>Per address, only a high ceiling: {@link #ADDRESS_CEILING} wrong passwords in
 * {@link #ADDRESS_WINDOW} from one address (a whole staff room behind one proxy) refuse further
 * attempts from it until the window has passed; then the count starts again. A right password
 * from the address clears it too.</li>
 * </ul>
 *
 * An attempt is counted as wrong when it is let through, before the password is checked, in one
 * step under a lock: parallel guesses cannot all slip past the count while bcrypt runs. A right
 * password then takes the count back. Attempts refused while locked are not counted. What is
 * remembered is capped ({@link #CAPACITY} names and as many addresses, the least recently used
 * forgotten first) and user names longer than {@link #LONGEST_NAME} are not remembered at all
 * (no account has one), so a flood of made-up names cannot exhaust memory.
 */
public final class LoginThrottle {

    public static final int FREE = 5;
    public static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    public static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    public static final int ADDRESS_CEILING = 30;
    public static final Duration ADDRESS_WINDOW = Duration.ofMinutes(15);
    public static final int CAPACITY = 10_000;
    public static final int LONGEST_NAME = 64;
    /** A name's count is forgotten after this long without a wrong password. */
    static final Duration FORGET = Duration.ofDays(1);

    private static final class Account {
        int failures;
        Instant lockedUntil;
        Instant lastFailure;
    }

    private static final class Address {
        int failures;
        Instant windowStart;
    }

    private final Clock clock;
    private final Map<String, Account> accounts;
    private final Map<String, Address> addresses;

    public LoginThrottle(Clock clock) {
        this(clock, CAPACITY);
    }

    public LoginThrottle(Clock clock, int capacity) {
        this.clock = clock;
        this.accounts = lru(capacity);
        this.addresses = lru(capacity);
    }

    /** One sign-in attempt: refused (wait &gt; 0), or let through and already counted as wrong. */
    public final class Attempt {
        private final String account;
        private final String address;
        private final Duration wait;

        private Attempt(String account, String address, Duration wait) {
            this.account = account;
            this.address = address;
            this.wait = wait;
        }

        /** How long the caller must wait; zero when the password may be checked now. */
        public Duration waitFor() {
            return wait;
        }

        public boolean allowed() {
            return wait.isZero();
        }

        /** The password was right: the counts for the name and the address start again. */
        public void succeeded() {
            synchronized (LoginThrottle.this) {
                if (account != null) {
                    accounts.remove(account);
                }
                addresses.remove(address);
            }
        }

        /** The password was wrong: already counted when the attempt was let through. */
        public void failed() {
        }
    }

    /**
     * Asks to check a password for a user name from an address: refused while either is locked,
     * otherwise counted (as if wrong) at once and let through.
     */
    public synchronized Attempt attempt(String userName, String address) {
        Instant now = clock.instant();
        String account = key(userName);
        String from = address == null ? "" : address;
        Account a = account == null ? null : accounts.get(account);
        if (a != null && a.lastFailure.plus(FORGET).isBefore(now)) {
            accounts.remove(account);
            a = null;
        }
        Address ip = addresses.get(from);
        if (ip != null && !now.isBefore(ip.windowStart.plus(ADDRESS_WINDOW))) {
            addresses.remove(from);
            ip = null;
        }
        Duration wait = Duration.ZERO;
        if (a != null && a.lockedUntil != null && now.isBefore(a.lockedUntil)) {
            wait = Duration.between(now, a.lockedUntil);
        }
        if (ip != null && ip.failures >= ADDRESS_CEILING) {
            Duration w = Duration.between(now, ip.windowStart.plus(ADDRESS_WINDOW));
            wait = w.compareTo(wait) > 0 ? w : wait;
        }
        if (!wait.isZero()) {
            return new Attempt(account, from, wait);
        }
        if (account != null) {
            a = accounts.computeIfAbsent(account, k -> new Account());
            a.failures++;
            a.lastFailure = now;
            if (a.failures >= FREE) {
                Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(10, a.failures - FREE));
                a.lockedUntil = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
            }
        }
        ip = addresses.computeIfAbsent(from, k -> new Address());
        if (ip.windowStart == null) {
            ip.windowStart = now;
        }
        ip.failures++;
        return new Attempt(account, from, Duration.ZERO);
    }

    /** What is remembered (lower-cased names and addresses), for tests and for a look at memory use. */
    public synchronized Set<String> keys() {
        Set<String> out = new java.util.LinkedHashSet<>();
        accounts.keySet().forEach(k -> out.add("user:" + k));
        addresses.keySet().forEach(k -> out.add("ip:" + k));
        return out;
    }

    /** The throttled name, or null for a name no account can have (and so not worth remembering). */
    private static String key(String userName) {
        if (userName == null || userName.isEmpty() || userName.length() > LONGEST_NAME) {
            return null;
        }
        return userName.toLowerCase(Locale.ROOT);
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
