package uk.schoolaccess.auditor.dashboard.web.pages;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.LoginThrottle;
import uk.schoolaccess.auditor.dashboard.web.auth.Sessions;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;

/**
 * Sign in and out. Wrong passwords are throttled per user name, with only a high ceiling per
 * address ({@link LoginThrottle}); signing in ends the user's earlier sessions.
 */
public final class LoginPages {

    /** bcrypt reads at most this many bytes of a password; users add refuses longer ones. */
    private static final int LONGEST_PASSWORD_BYTES = 72;

    private final WebServer.Web web;

    public LoginPages(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/login", ctx -> web.page(ctx, "login", Map.of("title", "Sign in")));
        app.post("/login", this::signIn);
        app.post("/logout", ctx -> {
            web.sessions().end(ctx.cookie(Sessions.COOKIE));
            ctx.removeCookie(Sessions.COOKIE, "/");
            ctx.redirect("/login");
        });
    }

    private void signIn(Context ctx) throws SQLException {
        String name = ctx.formParam("username");
        String password = ctx.formParam("password");
        LoginThrottle.Attempt attempt = web.throttle().attempt(name, web.clientAddress(ctx));
        if (!attempt.allowed()) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            web.page(ctx, "login", Map.of("title", "Sign in", "error", "Too many wrong passwords. Try again in "
                    + Math.max(1, attempt.waitFor().toSeconds()) + " seconds."));
            return;
        }
        Optional<Users.User> user = possible(name, password)
                ? web.users().verify(name, password.toCharArray()) : Optional.empty();
        if (user.isEmpty()) {
            attempt.failed();
            ctx.status(HttpStatus.UNAUTHORIZED);
            web.page(ctx, "login", Map.of("title", "Sign in", "error", "Wrong user name or password."));
            return;
        }
        attempt.succeeded();
        // the browser's earlier session ends with the new one (as do the user's others, in start)
        web.sessions().end(ctx.cookie(Sessions.COOKIE));
        Sessions.Session s = web.sessions().start(user.get(), ctx.header("User-Agent"));
        ctx.cookie(WebServer.sessionCookie(s.token(), web.secure(ctx)));
        ctx.redirect("/");
    }

    /**
     * Whether a name and password could belong to an account at all (no user name is longer than
     * 64 characters, no password longer than bcrypt reads): anything else is wrong without asking
     * bcrypt, and a 900 KB name is never looked up.
     */
    private static boolean possible(String name, String password) {
        return name != null && password != null && name.length() <= LoginThrottle.LONGEST_NAME
                && password.getBytes(StandardCharsets.UTF_8).length <= LONGEST_PASSWORD_BYTES;
    }
}
