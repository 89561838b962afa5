package uk.schoolaccess.auditor.dashboard.web.auth;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * Dashboard users in the store, passwords hashed with bcrypt (cost 12). A wrong user name costs
 * as long as a wrong password, so timing does not tell which names exist. Every change to an
 * account is written to the access log (kind "account") with who made it, in the same
 * transaction; a disabled account cannot sign in and its sessions end (WebServer checks
 * {@link #isActive} on every request).
 */
public final class Users {

    static final int COST = 12;
    public static final int MIN_PASSWORD = PasswordPolicy.MIN_LENGTH;
    private static final String DUMMY = BCrypt.withDefaults().hashToString(COST, "no such user".toCharArray());

    private final Connection c;

    public Users(Connection c) {
        this.c = c;
    }

    /** A signed-in person. */
    public record User(String name, Role role) {
    }

    /**
     * Who changed an account, for the access log: a dashboard user, or the operating-system user
     * who ran {@code auditor users} (role "os user", method "CLI").
     */
    public record ChangedBy(String name, String role, String channel) {

        /** The person at the command line, as the operating system knows them. */
        public static ChangedBy osUser() {
            // Through a server, the person is whoever ran the command, not the service's own user.
            String who = uk.schoolaccess.auditor.dashboard.service.Invocation.current().user();
            return new ChangedBy(who == null || who.isBlank() ? "unknown" : who, "os user", "CLI");
        }
    }

    /** An account as {@code auditor users list} shows it; times in UTC. */
    public record Account(String name, Role role, boolean active, LocalDateTime createdAt,
                          LocalDateTime passwordChangedAt, LocalDateTime disabledAt) {
    }

    /** Adds a new user; an existing name is an error (use {@link #add(String, Role, char[], boolean, ChangedBy)}). */
    public void add(String name, Role role, char[] password) throws SQLException {
        add(name, role, password, false, ChangedBy.osUser());
    }

    /**
     * Adds a user, or with {@code replace} resets an existing user's role and password (an
     * account that was disabled stays disabled). The password must keep {@link PasswordPolicy}.
     * Returns whether the name already existed.
     */
    public boolean add(String name, Role role, char[] password, boolean replace, ChangedBy by) throws SQLException {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{2,64}")) {
            throw new IllegalArgumentException("user names are 2-64 letters, digits or . _ @ -");
        }
        PasswordPolicy.check(name, password);
        boolean exists = exists(name);
        if (exists && !replace) {
            throw new IllegalArgumentException("user " + name + " already exists: use --replace to reset their role "
                    + "and password, or 'auditor users passwd " + name + "' to change only the password");
        }
        String hash = BCrypt.withDefaults().hashToString(COST, password);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        change(by, exists ? "users add --replace" : "users add", name + " (" + role.label() + ")", () -> {
            if (exists) {
                update("UPDATE dashboard_users SET role = ?, password_hash = ?, password_changed_at = ? WHERE username = ?",
                        role.label(), hash, now, name);
                endSessions(name);
            } else {
                update("INSERT INTO dashboard_users (username, role, password_hash, created_at, password_changed_at) "
                        + "VALUES (?, ?, ?, ?, ?)", name, role.label(), hash, now, now);
            }
        });
        return exists;
    }

    /** A new password for an existing user, kept to {@link PasswordPolicy}. */
    public void setPassword(String name, char[] password, ChangedBy by) throws SQLException {
        requireExisting(name);
        PasswordPolicy.check(name, password);
        String hash = BCrypt.withDefaults().hashToString(COST, password);
        change(by, "users passwd", name, () -> {
            update("UPDATE dashboard_users SET password_hash = ?, password_changed_at = ? WHERE username = ?", hash,
                    LocalDateTime.now(ZoneOffset.UTC), name);
            endSessions(name);
        });
    }

    /**
     * A new password or role is usually a response to a suspicion that someone else knows the
     * old one: every browser signed in as the user must sign in again, including one an attacker holds.
     */
    private void endSessions(String name) throws SQLException {
        update("DELETE FROM dashboard_sessions WHERE username = ?", name);
    }

    /** Stops a user signing in; their open sessions end at their next request. False if already disabled. */
    public boolean disable(String name, ChangedBy by) throws SQLException {
        requireExisting(name);
        if (!isActive(name)) {
            return false;
        }
        change(by, "users disable", name, () -> update("UPDATE dashboard_users SET disabled_at = ? WHERE username = ?",
                LocalDateTime.now(ZoneOffset.UTC), name));
        return true;
    }

    /** Lets a disabled user sign in again. False if they were not disabled. */
    public boolean enable(String name, ChangedBy by) throws SQLException {
        requireExisting(name);
        if (isActive(name)) {
            return false;
        }
        change(by, "users enable", name, () -> update("UPDATE dashboard_users SET disabled_at = NULL WHERE username = ?",
                name));
        return true;
    }

    /** Deletes the account. The access log and triage decisions keep the name. */
    public void remove(String name, ChangedBy by) throws SQLException {
        requireExisting(name);
        change(by, "users remove", name, () -> update("DELETE FROM dashboard_users WHERE username = ?", name));
    }

    /** Every account, by name. */
    public List<Account> list() throws SQLException {
        List<Account> out = new ArrayList<>();
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT username, role, disabled_at IS NULL, "
                + "created_at, password_changed_at, disabled_at FROM dashboard_users ORDER BY username")) {
            while (rs.next()) {
                out.add(new Account(rs.getString(1), Role.parse(rs.getString(2)), rs.getBoolean(3),
                        rs.getObject(4, LocalDateTime.class), rs.getObject(5, LocalDateTime.class),
                        rs.getObject(6, LocalDateTime.class)));
            }
        }
        return out;
    }

    /** Whether the user exists and is not disabled: checked at sign-in and on every request. */
    public boolean isActive(String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT disabled_at IS NULL FROM dashboard_users WHERE username = ?")) {
            p.setString(1, name == null ? "" : name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private boolean exists(String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM dashboard_users WHERE username = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private void requireExisting(String name) throws SQLException {
        if (name == null || !exists(name)) {
            throw new IllegalArgumentException("no dashboard user " + name + " ('auditor users list' shows them)");
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** The change and its access-log line, together or not at all. */
    private void change(ChangedBy by, String action, String subject, Work work) throws SQLException {
        synchronized (c) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run();
                update("INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?, ?)", LocalDateTime.now(ZoneOffset.UTC),
                        by.name(), by.role(), by.channel(), action, "account", subject);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private void update(String sql, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            p.executeUpdate();
        }
    }

    public Optional<User> verify(String name, char[] password) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT role, password_hash, disabled_at IS NULL "
                + "FROM dashboard_users WHERE username = ?")) {
            p.setString(1, name == null ? "" : name);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    BCrypt.verifyer().verify(password, DUMMY.getBytes(StandardCharsets.UTF_8));
                    return Optional.empty();
                }
                boolean ok = BCrypt.verifyer().verify(password, rs.getString(2).getBytes(StandardCharsets.UTF_8)).verified;
                // A disabled account costs the same bcrypt check, and fails like a wrong password.
                return ok && rs.getBoolean(3) ? Optional.of(new User(name, Role.parse(rs.getString(1)))) : Optional.empty();
            }
        }
    }

    public boolean any() throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM dashboard_users")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
