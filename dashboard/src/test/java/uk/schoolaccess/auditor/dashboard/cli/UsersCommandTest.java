package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.ingest.store.Store;
import uk.schoolaccess.auditor.ingest.store.StoreKey;

/** Every {@code auditor users} subcommand, run as a person would, on a fresh store. */
class UsersCommandTest {

    static final String PASSWORD = "amber fox sixty kites";
    static final String OTHER = "granite owl pocket rain";

    @TempDir
    Path dir;
    private final InputStream stdin = System.in;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private Cli users(String password, String... args) {
        if (password != null) {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        List<String> all = new ArrayList<>(List.of("users"));
        all.addAll(List.of(args));
        all.addAll(List.of("--db", dir.resolve("audit.duckdb").toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private boolean signsIn(String name, String password) throws Exception {
        try (Store s = Store.open(dir.resolve("audit.duckdb"), StoreKey.none())) {
            return new Users(s.connection()).verify(name, password.toCharArray()).isPresent();
        }
    }

    /** The access log's account lines, oldest first: who|role|method|path|subject. */
    private List<String> accountLog() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Store s = Store.open(dir.resolve("audit.duckdb"), StoreKey.none()); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT username, role, method, path, subject FROM access_log "
                     + "WHERE kind = 'account' ORDER BY ts, path")) {
            while (rs.next()) {
                lines.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                        + "|" + rs.getString(5));
            }
        }
        return lines;
    }

    @Test
    void add_refuses_an_existing_name_unless_replace() throws Exception {
        Cli added = users(PASSWORD, "add", "jsmith", "--role", "dsl", "--password-stdin");
        assertEquals(0, added.exit(), added.toString());
        assertTrue(added.out().contains("User jsmith (dsl) saved"), added.out());

        Cli again = users(OTHER, "add", "jsmith", "--role", "dpo", "--password-stdin");
        assertEquals(2, again.exit(), again.toString());
        assertTrue(again.err().contains("user jsmith already exists: use --replace"), again.err());
        assertTrue(signsIn("jsmith", PASSWORD), "nothing reset");

        Cli replaced = users(OTHER, "add", "jsmith", "--role", "dpo", "--password-stdin", "--replace");
        assertEquals(0, replaced.exit(), replaced.toString());
        assertTrue(replaced.out().contains("User jsmith (dpo) replaced"), replaced.out());
        assertFalse(signsIn("jsmith", PASSWORD));
        assertTrue(signsIn("jsmith", OTHER));
        String who = System.getProperty("user.name");
        assertEquals(List.of(who + "|os user|CLI|users add|jsmith (dsl)", who + "|os user|CLI|users add --replace|jsmith (dpo)"),
                accountLog());
    }

    @Test
    void add_and_passwd_keep_the_password_policy() throws Exception {
        for (String weak : List.of("aaaaaaaaaaaa", "password1234", "            ", "jsmith-jsmith", "short")) {
            Cli c = users(weak, "add", "jsmith", "--role", "dsl", "--password-stdin");
            assertEquals(2, c.exit(), weak + ": " + c);
            assertTrue(c.err().startsWith("auditor: "), c.err());
        }
        assertTrue(users(null, "list").out().contains("No dashboard users yet"));
        assertEquals(List.of(), accountLog(), "refusals change nothing and log nothing");

        assertEquals(0, users(PASSWORD, "add", "jsmith", "--role", "dsl", "--password-stdin").exit());
        Cli weak = users("password1234", "passwd", "jsmith", "--password-stdin");
        assertEquals(2, weak.exit(), weak.toString());
        assertTrue(weak.err().contains("commonest leaked passwords"), weak.err());
        assertTrue(signsIn("jsmith", PASSWORD));
    }

    @Test
    void passwd_sets_a_new_password_for_an_existing_user_only() throws Exception {
        users(PASSWORD, "add", "jsmith", "--role", "head", "--password-stdin");
        Cli changed = users(OTHER, "passwd", "jsmith", "--password-stdin");
        assertEquals(0, changed.exit(), changed.toString());
        assertTrue(changed.out().contains("Password changed for jsmith."), changed.out());
        assertFalse(signsIn("jsmith", PASSWORD));
        assertTrue(signsIn("jsmith", OTHER));

        Cli nobody = users(OTHER, "passwd", "nobody", "--password-stdin");
        assertEquals(2, nobody.exit());
        assertTrue(nobody.err().contains("no dashboard user nobody"), nobody.err());
        assertTrue(accountLog().get(1).endsWith("|users passwd|jsmith"), accountLog().toString());
    }

    @Test
    void disable_and_enable_stop_and_restore_sign_in_and_list_shows_it() throws Exception {
        users(PASSWORD, "add", "jsmith", "--role", "dsl", "--password-stdin");
        users(OTHER, "add", "apatel", "--role", "dpo", "--password-stdin");

        Cli disabled = users(null, "disable", "jsmith");
        assertEquals(0, disabled.exit(), disabled.toString());
        assertTrue(disabled.out().contains("User jsmith disabled"), disabled.out());
        assertFalse(disabled.out().contains("no DPO"), "apatel is an active DPO: " + disabled.out());
        assertFalse(signsIn("jsmith", PASSWORD), "a disabled user cannot sign in");
        assertTrue(users(null, "disable", "jsmith").out().contains("already disabled"));

        Cli list = users(null, "list");
        assertEquals(0, list.exit(), list.toString());
        String[] lines = list.out().split("\n");
        assertTrue(lines[0].startsWith("USER"), list.out());
        assertTrue(lines[1].startsWith("apatel") && lines[1].contains(" dpo ") && lines[1].contains("active"), list.out());
        assertTrue(lines[2].startsWith("jsmith") && lines[2].contains(" dsl ") && lines[2].contains("disabled 20"),
                list.out());
        assertTrue(list.out().contains("Times in Europe/London."), list.out());

        Cli enabled = users(null, "enable", "jsmith");
        assertEquals(0, enabled.exit(), enabled.toString());
        assertTrue(signsIn("jsmith", PASSWORD));
        assertTrue(users(null, "enable", "jsmith").out().contains("was not disabled"));
        List<String> log = accountLog();
        assertTrue(log.stream().anyMatch(l -> l.endsWith("|CLI|users disable|jsmith")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.endsWith("|CLI|users enable|jsmith")), log.toString());
        assertEquals(4, log.size(), "two adds, one disable, one enable; the no-op repeats log nothing: " + log);
    }

    @Test
    void remove_deletes_the_account_but_not_the_log_that_names_it() throws Exception {
        users(PASSWORD, "add", "jsmith", "--role", "it", "--password-stdin");
        Cli removed = users(null, "remove", "jsmith");
        assertEquals(0, removed.exit(), removed.toString());
        assertTrue(removed.out().contains("User jsmith removed"), removed.out());
        assertTrue(removed.out().contains("Note: no DPO can sign in"), removed.out());
        assertFalse(signsIn("jsmith", PASSWORD));
        assertTrue(users(null, "list").out().contains("No dashboard users yet"));
        assertTrue(accountLog().get(1).endsWith("|users remove|jsmith"), accountLog().toString());

        for (String sub : List.of("remove", "disable", "enable")) {
            Cli c = users(null, sub, "jsmith");
            assertEquals(2, c.exit(), sub + ": " + c);
            assertTrue(c.err().contains("no dashboard user jsmith"), c.err());
        }
    }
}
