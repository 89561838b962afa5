package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.ingest.store.Store;
import uk.schoolaccess.auditor.ingest.store.StoreKey;

/** Account changes reach a running dashboard at once: a disabled or removed user's session ends. */
class AccountSessionsTest {

    static final String NEW_PASSWORD = "walnut ferry lantern nine";

    @TempDir
    Path dir;
    Store store;
    WebServer server;
    Users users;
    final Users.ChangedBy by = Users.ChangedBy.osUser();

    @BeforeEach
    void dashboard() throws Exception {
        store = Store.open(dir.resolve("audit.duckdb"), StoreKey.none());
        server = new WebServer(new Db(store.connection()), AuditSettings.defaults(), ZoneId.of("Europe/London"),
                Clock.systemUTC());
        users = server.web().users();
        users.add("dsl", Role.DSL, TestSchool.PASSWORD.toCharArray());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_disabled_user_is_signed_out_at_once_and_cannot_sign_in_until_enabled() {
        Http.test(server, http -> {
            String session = http.signIn("dsl");
            assertEquals(200, http.get("/findings", session).code());
            users.disable("dsl", by);
            Http.Reply after = http.get("/findings", session);
            assertEquals(302, after.code(), after.toString());
            assertEquals("/login", after.header("Location"));
            assertEquals(401, http.login("dsl", TestSchool.PASSWORD).code(), "same answer as a wrong password");
            users.enable("dsl", by);
            assertEquals(302, http.get("/findings", session).code(), "the ended session stays ended");
            String again = http.signIn("dsl");
            assertEquals(200, http.get("/findings", again).code());
        });
    }

    @Test
    void a_new_password_signs_out_the_browser_signed_in_as_the_user() {
        Http.test(server, http -> {
            String before = http.signIn("dsl");
            assertEquals(200, http.get("/findings", before).code());
            users.setPassword("dsl", NEW_PASSWORD.toCharArray(), by);
            assertEquals(302, http.get("/findings", before).code(), "a session from before the change ends");
            String after = Http.sessionCookie(http.login("dsl", NEW_PASSWORD));
            assertEquals(200, http.get("/findings", after).code());
            users.add("dsl", Role.DSL, TestSchool.PASSWORD.toCharArray(), true, by);
            assertEquals(302, http.get("/findings", after).code(), "users add --replace ends sessions too");
        });
    }

    @Test
    void a_removed_user_is_signed_out_and_a_new_password_replaces_the_old() {
        Http.test(server, http -> {
            users.setPassword("dsl", NEW_PASSWORD.toCharArray(), by);
            assertEquals(401, http.login("dsl", TestSchool.PASSWORD).code());
            Http.Reply in = http.login("dsl", NEW_PASSWORD);
            assertEquals(302, in.code());
            String session = Http.sessionCookie(in);
            assertEquals(200, http.get("/findings", session).code());
            users.remove("dsl", by);
            assertNotEquals(200, http.get("/findings", session).code());
            assertEquals(401, http.login("dsl", NEW_PASSWORD).code());
        });
    }
}
