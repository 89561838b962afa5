package uk.schoolaccess.auditor.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the member of staff behind an account while a file is read. A file names a few hundred
 * distinct accounts in hundreds of thousands of rows, so each distinct account is looked up
 * once, through the same SQL (the account_key macro and account_directory view) that re-resolves
 * stored events after a roster load: one rule, in one place.
 *
 * <p>The rule: the same system's login first; otherwise any login or e-mail address, provided
 * exactly one person matches. An account two people could own stays unresolved.
 */
final class StaffResolver {

    private final PreparedStatement lookup;
    private final Map<String, Optional<String>> known = new HashMap<>();
    private final Set<String> pupils = new HashSet<>();
    private final Set<String> unresolved = new HashSet<>();

    StaffResolver(Connection c) throws SQLException {
        lookup = c.prepareStatement("SELECT count(DISTINCT staff_id) FILTER (WHERE system = ?), "
                + "min(staff_id) FILTER (WHERE system = ?), count(DISTINCT staff_id), min(staff_id), "
                + "(SELECT count(*) FROM pupil_accounts WHERE account_key = account_key(?)) "
                + "FROM account_directory WHERE account_key = account_key(?)");
    }

    /** The staff id, or null. {@code counted} says whether an unknown account should be reported. */
    String staffId(String system, String account, boolean counted) {
        if (account == null) {
            return null;
        }
        String key = system + '\u0001' + account;
        Optional<String> id = known.get(key);
        if (id == null) {
            id = Optional.ofNullable(lookUp(system, account));
            known.put(key, id);
        }
        if (id.isEmpty() && counted && !pupils.contains(key)) {
            unresolved.add(account.toLowerCase(java.util.Locale.ROOT));
        }
        return id.orElse(null);
    }

    /** Distinct accounts in this file that nobody in the roster owns (pupils' own logins excepted). */
    long unresolved() {
        return unresolved.size();
    }

    private String lookUp(String system, String account) {
        try {
            lookup.setString(1, system);
            lookup.setString(2, system);
            lookup.setString(3, account);
            lookup.setString(4, account);
            try (ResultSet rs = lookup.executeQuery()) {
                rs.next();
                if (rs.getLong(5) > 0) {
                    pupils.add(system + '\u0001' + account); // a pupil's own login: known, not unknown
                }
                if (rs.getLong(1) == 1) {
                    return rs.getString(2);
                }
                return rs.getLong(3) == 1 ? rs.getString(4) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot look up an account: " + Store.firstLine(e), e);
        }
    }

    void close() {
        try {
            lookup.close();
        } catch (SQLException ignored) {
            // closing a statement of a connection that stays open; nothing to recover
        }
    }
}
