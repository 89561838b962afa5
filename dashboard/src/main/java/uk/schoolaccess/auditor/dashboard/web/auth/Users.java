package uk.schoolaccess.auditor.dashboard.web.auth;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * Dashboard users in the store, passwords hashed with bcrypt (cost 12). A wrong user name costs
 * as long as a wrong password, so timing does not tell which names exist.
 */
public final class Users {

    static final int COST = 12;
    public static final int MIN_PASSWORD = 12;
    private static final String DUMMY = BCrypt.withDefaults().hashToString(COST, "no such user".toCharArray());

    private final Connection c;

    public Users(Connection c) {
        this.c = c;
    }

    /** A signed-in person. */
    public record User(String name, Role role) {
    }

    public void add(String name, Role role, char[] password) throws SQLException {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{2,64}")) {
            throw new IllegalArgumentException("user names are 2-64 letters, digits or . _ @ -");
        }
        if (password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("passwords must be at least " + MIN_PASSWORD + " characters");
        }
        String hash = BCrypt.withDefaults().hashToString(COST, password);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO dashboard_users VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (username) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash")) {
            p.setString(1, name);
            p.setString(2, role.label());
            p.setString(3, hash);
            p.setObject(4, LocalDateTime.now(ZoneOffset.UTC));
            p.executeUpdate();
        }
    }

    public Optional<User> verify(String name, char[] password) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT role, password_hash FROM dashboard_users WHERE username = ?")) {
            p.setString(1, name == null ? "" : name);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    BCrypt.verifyer().verify(password, DUMMY.getBytes(StandardCharsets.UTF_8));
                    return Optional.empty();
                }
                boolean ok = BCrypt.verifyer().verify(password, rs.getString(2).getBytes(StandardCharsets.UTF_8)).verified;
                return ok ? Optional.of(new User(name, Role.parse(rs.getString(1)))) : Optional.empty();
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
