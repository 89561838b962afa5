package uk.schoolaccess.auditor.dashboard.web.pages;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import uk.schoolaccess.auditor.dashboard.web.WebServer;
import uk.schoolaccess.auditor.dashboard.web.auth.Sessions;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;

/** Sign in and out. Wrong passwords are throttled per user name and per address. */
public final class LoginPages {

    private final WebServer.Web web;

    public LoginPages(WebServer.Web web) {
        this.web = web;
    }

    public void routes(Javalin app) {
        app.get("/login", ctx -> web.page(ctx, "login", Map.of()));
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
        String byName = "user:" + (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT));
        String byAddress = "ip:" + ctx.ip();
        Duration wait = max(web.throttle().wait(byName), web.throttle().wait(byAddress));
        if (!wait.isZero()) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            web.page(ctx, "login", Map.of("error", "Too many wrong passwords. Try again in "
                    + Math.max(1, wait.toSeconds()) + " seconds."));
            return;
        }
        Optional<Users.User> user = web.users().verify(name, password == null ? new char[0] : password.toCharArray());
        if (user.isEmpty()) {
            web.throttle().failed(byName);
            web.throttle().failed(byAddress);
            ctx.status(HttpStatus.UNAUTHORIZED);
            web.page(ctx, "login", Map.of("error", "Wrong user name or password."));
            return;
        }
        web.throttle().succeeded(byName);
        Sessions.Session s = web.sessions().start(user.get());
        ctx.cookie(WebServer.sessionCookie(s.token(), ctx.scheme().equals("https")));
        ctx.redirect("/");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
