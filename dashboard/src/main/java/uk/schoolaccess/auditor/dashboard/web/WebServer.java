package uk.schoolaccess.auditor.dashboard.web;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.http.staticfiles.Location;
import uk.schoolaccess.auditor.analytics.config.AuditSettings;
import uk.schoolaccess.auditor.dashboard.web.auth.LoginThrottle;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.auth.Sessions;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.dashboard.web.pages.FindingPages;
import uk.schoolaccess.auditor.dashboard.web.pages.LoginPages;
import uk.schoolaccess.auditor.dashboard.web.pages.WeeklyPage;

/**
 * The dashboard: server-rendered pages for the DPO, DSL, head teacher and IT, locked down as a
 * page of children's data must be. Every request but the sign-in page and the stylesheet needs
 * a session; every POST needs the session's CSRF token; every response carries a strict CSP
 * (no script at all), no framing, no referrer, and pages are never cached.
 */
public final class WebServer {

    public static final Duration IDLE = Duration.ofMinutes(30);
    private static final Set<String> PUBLIC = Set.of("/login", "/static/app.css");

    private final Web web;

    /** What every page handler needs. */
    public record Web(Db db, Templates templates, Sessions sessions, LoginThrottle throttle, Users users,
                      AccessLog accessLog, AuditSettings settings, java.time.ZoneId zone) {

        public Sessions.Session session(Context ctx) {
            return ctx.attribute("session");
        }

        public Users.User user(Context ctx) {
            return session(ctx).user();
        }

        /** 403 unless the signed-in role may do this. */
        public void require(Context ctx, boolean allowed) {
            if (!allowed) {
                throw new ForbiddenResponse("Your role (" + user(ctx).role().label() + ") may not open this page.");
            }
        }

        /** Renders a page with the layout's model: who is signed in, what they may open, the CSRF token. */
        public void page(Context ctx, String template, Map<String, Object> model) {
            Map<String, Object> m = new HashMap<>(model);
            Sessions.Session s = session(ctx);
            if (s != null) {
                Role r = s.user().role();
                m.put("me", s.user().name());
                m.put("role", r.label());
                m.put("csrf", s.csrf());
                m.put("canSar", r.canSubjectAccess());
                m.put("canInvestigate", r.canInvestigate());
                m.put("canAccessLog", r.seesAccessLog());
            }
            ctx.html(templates.render(template, m));
        }
    }

    public WebServer(Db db, AuditSettings settings, java.time.ZoneId zone, Clock clock) {
        this.web = new Web(db, new Templates(new SchoolTime(zone)), new Sessions(IDLE, clock), new LoginThrottle(clock),
                new Users(db.connection()), new AccessLog(db), settings, zone);
    }

    public Web web() {
        return web;
    }

    public Javalin create() {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // Children's data: this computer only unless serve --bind says otherwise (start(host, port) overrides).
            config.jetty.defaultHost = "127.0.0.1";
            config.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/static";
                s.location = Location.CLASSPATH;
            });
        });
        app.before(this::headers);
        app.before(this::authenticate);
        app.before(this::checkCsrf);
        new LoginPages(web).routes(app);
        new WeeklyPage(web).routes(app);
        new FindingPages(web).routes(app);
        Routes.extra(web, app);
        app.exception(ForbiddenResponse.class, (e, ctx) -> {
            ctx.status(HttpStatus.FORBIDDEN);
            web.page(ctx, "error", Map.of("title", "Not for your role", "message", e.getMessage()));
        });
        app.exception(IllegalArgumentException.class, (e, ctx) -> {
            ctx.status(HttpStatus.BAD_REQUEST);
            web.page(ctx, "error", Map.of("title", "Cannot do that", "message", e.getMessage()));
        });
        app.error(404, ctx -> {
            if (ctx.attribute("session") != null) {
                web.page(ctx, "error", Map.of("title", "Not found", "message", "There is no such page."));
            }
        });
        return app;
    }

    private void headers(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }

    private void authenticate(Context ctx) {
        if (PUBLIC.contains(ctx.path())) {
            return;
        }
        var session = web.sessions().touch(ctx.cookie(Sessions.COOKIE));
        if (session.isEmpty()) {
            if (ctx.method().name().equals("GET")) {
                ctx.redirect("/login");
            } else {
                ctx.status(HttpStatus.UNAUTHORIZED).result("Sign in first.");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute("session", session.get());
    }

    private void checkCsrf(Context ctx) {
        if (!ctx.method().name().equals("POST") || ctx.path().equals("/login")) {
            return;
        }
        Sessions.Session s = web.session(ctx);
        String sent = ctx.formParam("csrf");
        if (s == null || sent == null || !java.security.MessageDigest.isEqual(sent.getBytes(), s.csrf().getBytes())) {
            ctx.status(HttpStatus.FORBIDDEN).result("Missing or wrong form token: reload the page and try again.");
            ctx.skipRemainingHandlers();
        }
    }

    /** The session cookie: HttpOnly, SameSite=Strict, lasting the browser session. */
    public static Cookie sessionCookie(String token, boolean secure) {
        return new Cookie(Sessions.COOKIE, token, "/", -1, secure, 0, true, null, null, SameSite.STRICT);
    }
}
