package uk.schoolaccess.auditor.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the member of staff behind an account while a file is read. The directory of logins is
 * small (hundreds of rows) and read once per file; each distinct account of the file is turned
 * into its key by the SQL macro (account_key) that re-resolves stored events after a roster
 * load, so the matching rule lives in one place (plain ASCII accounts are keyed by a Java copy of
 * its steps that AccountKeyTest holds equal to it: {@link #plainAccountKey}).
 *
 * <p>The rule: the same system's login first; otherwise any login or e-mail address, provided
 * exactly one person matches. An account two people could own stays unresolved. A pupil's own
 * login (pupil_accounts) is known, so it is not counted as unknown.
 */
final class StaffResolver {

    private final PreparedStatement keyOf;
    /** account as written -> account_key, kept for the store's connection across files (see {@link #keysOf}). */
    private final Map<String, String> keys;
    /** account_key -> system -> staff ids. */
    private final Map<String, Map<String, Set<String>>> directory = new HashMap<>();
    private final Set<String> pupilKeys = new HashSet<>();
    /** system -> account as written -> what it resolved to; asked once per row, so no string is built. */
    private final Map<String, Map<String, Known>> known = new HashMap<>();
    private final Set<String> unresolved = new HashSet<>();

    /** One account's answer: its staff id (or null), whether it is a pupil's, whether it is counted unknown yet. */
    private static final class Known {
        final String staffId;
        final boolean pupil;
        boolean counted;

        Known(String staffId, boolean pupil) {
            this.staffId = staffId;
            this.pupil = pupil;
        }
    }

    StaffResolver(Connection c) throws SQLException {
        keyOf = c.prepareStatement("SELECT account_key(?)");
        keys = keysOf(c);
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT system, account_key, staff_id FROM account_directory")) {
                while (rs.next()) {
                    directory.computeIfAbsent(rs.getString(2), k -> new HashMap<>())
                            .computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(3));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT account_key FROM pupil_accounts")) {
                while (rs.next()) {
                    pupilKeys.add(rs.getString(1));
                }
            }
        }
    }

    /** The staff id, or null. {@code counted} says whether an unknown account should be reported. */
    String staffId(String system, String account, boolean counted) {
        if (account == null) {
            return null;
        }
        Map<String, Known> ofSystem = known.computeIfAbsent(system, s -> new HashMap<>());
        Known k = ofSystem.get(account);
        if (k == null) {
            String accountKey = accountKey(account);
            k = new Known(resolve(system, accountKey), pupilKeys.contains(accountKey));
            ofSystem.put(account, k);
        }
        if (k.staffId == null && counted && !k.pupil && !k.counted) {
            k.counted = true;
            unresolved.add(account.toLowerCase(java.util.Locale.ROOT));
        }
        return k.staffId;
    }

    /** Distinct accounts in this file that nobody in the roster owns (pupils' own logins excepted). */
    long unresolved() {
        return unresolved.size();
    }

    private String resolve(String system, String accountKey) {
        Map<String, Set<String>> bySystem = directory.get(accountKey);
        if (bySystem == null) {
            return null;
        }
        Set<String> same = bySystem.get(system);
        if (same != null && same.size() == 1) {
            return same.iterator().next();
        }
        Set<String> all = new TreeSet<>();
        bySystem.values().forEach(all::addAll);
        return all.size() == 1 ? all.iterator().next() : null;
    }

    /**
     * The keys already worked out on this connection. account_key is a fixed function of the text,
     * and each question to DuckDB costs about a tenth of a millisecond: a year's weekly files ask
     * about the same few thousand logins over and over (tens of thousands of questions), so each
     * is asked once per store instead of once per file. Bounded, so a long-running server with
     * ever new logins does not grow without end.
     */
    private static Map<String, String> keysOf(Connection c) {
        synchronized (KEYS) {
            Map<String, String> m = KEYS.computeIfAbsent(c, k -> new java.util.concurrent.ConcurrentHashMap<>());
            if (m.size() > MAX_KEPT_KEYS) {
                m.clear();
            }
            return m;
        }
    }

    private static final int MAX_KEPT_KEYS = 100_000;
    private static final Map<Connection, Map<String, String>> KEYS = new java.util.WeakHashMap<>();

    private String accountKey(String account) {
        String kept = keys.get(account);
        if (kept != null) {
            return kept;
        }
        String key = plainAccountKey(account);
        if (key == null) {
            key = askAccountKey(account);
        }
        if (key != null) {
            keys.put(account, key);
        }
        return key;
    }

    /**
     * The account_key macro worked out in Java for the accounts nearly every export writes:
     * printable ASCII and spaces only. On those its steps are plain (trim the spaces, drop up to
     * the last backslash, drop from the first {@code @}, lower-case), and AccountKeyTest holds
     * the two equal; anything else (a tab, a line break, a letter outside ASCII) returns null
     * and is asked of DuckDB, whose macro stays the rule. A week's files name about a thousand
     * accounts this process has not seen, and each question to DuckDB costs a tenth of a
     * millisecond or more.
     */
    static String plainAccountKey(String account) {
        int n = account.length();
        for (int i = 0; i < n; i++) {
            char c = account.charAt(i);
            if (c < ' ' || c > '~') {
                return null;
            }
        }
        int from = 0;
        int to = n;
        while (from < to && account.charAt(from) == ' ') {
            from++;
        }
        while (to > from && account.charAt(to - 1) == ' ') {
            to--;
        }
        int slash = account.lastIndexOf('\\', to - 1);
        if (slash >= from) {
            from = slash + 1;
        }
        int at = account.indexOf('@', from);
        if (at >= 0 && at < to) {
            to = at;
        }
        StringBuilder key = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = account.charAt(i);
            key.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return key.toString();
    }

    private String askAccountKey(String account) {
        try {
            keyOf.setString(1, account);
            try (ResultSet rs = keyOf.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot look up an account: " + Store.firstLine(e), e);
        }
    }

    void close() {
        try {
            keyOf.close();
        } catch (SQLException ignored) {
            // closing a statement of a connection that stays open; nothing to recover
        }
    }
}
