package uk.schoolaccess.auditor.dashboard.web;

import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
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
 * a session; every POST needs the session's CSRF token and, when the browser names one, this
 * site's Origin; every response carries a strict CSP (no script at all), no framing, no referrer,
 * and pages are never cached. HEAD gets exactly the checks of GET. A bad parameter is a 400 with a
 * plain message; only a fault of our own is a 500, logged with values escaped.
 */
public final class WebServer {

    public static final Duration IDLE = Duration.ofMinutes(30);
    private static final byte[] FAVICON = favicon();
    private static final Set<String> PUBLIC = Set.of("/login", "/static/app.css", "/static/favicon.svg", "/favicon.ico");
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Web web;
    private SchoolNetworkConfig networks;

    /** What every page handler needs. */
    public record Web(Db db, Templates templates, Sessions sessions, LoginThrottle throttle, Users users,
                      AccessLog accessLog, AuditSettings settings, java.time.ZoneId zone, DashboardSettings dashboard) {

        public Sessions.Session session(Context ctx) {
            return ctx.attribute("session");
        }

        public Users.User user(Context ctx) {
            return session(ctx).user();
        }

        /**
         * The address of whoever sent the request: the connection's peer, or, when that is a
         * trusted reverse proxy, the nearest untrusted address in X-Forwarded-For.
         */
        public String clientAddress(Context ctx) {
            String peer = ctx.req().getRemoteAddr();
            if (!dashboard.trustedProxy(peer)) {
                return peer;
            }
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded == null || forwarded.isBlank()) {
                return peer;
            }
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (!dashboard.trustedProxy(hop) || i == 0) {
                    return hop.length() > 64 ? hop.substring(0, 64) : hop;
                }
            }
            return peer;
        }

        /** Whether the browser reached us over HTTPS: configured so, directly, or as a trusted proxy says. */
        public boolean secure(Context ctx) {
            if (dashboard.https() || ctx.scheme().equals("https")) {
                return true;
            }
            String proto = ctx.header("X-Forwarded-Proto");
            return proto != null && dashboard.trustedProxy(ctx.req().getRemoteAddr())
                    && proto.split(",")[0].strip().equalsIgnoreCase("https");
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
                m.put("canJobs", r.runsJobs());
            }
            ctx.html(templates.render(template, m));
        }
    }

    public WebServer(Db db, AuditSettings settings, java.time.ZoneId zone, Clock clock) {
        this(db, settings, zone, clock, DashboardSettings.DEFAULTS);
    }

    public WebServer(Db db, AuditSettings settings, java.time.ZoneId zone, Clock clock, DashboardSettings dashboard) {
        this.web = new Web(db, new Templates(new SchoolTime(zone)), new Sessions(db, IDLE, dashboard.sessionLifetime(), clock),
                new LoginThrottle(clock), new Users(db.connection()), new AccessLog(db), settings, zone, dashboard);
    }

    public Web web() {
        return web;
    }

    private static byte[] favicon() {
        try (var in = WebServer.class.getResourceAsStream("/static/favicon.svg")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the dashboard's icon is missing from the build", e);
        }
    }

    /** The school's config file, for the weekly page's suggested networks (before create()). */
    public WebServer networks(SchoolNetworkConfig config) {
        this.networks = config;
        return this;
    }

    public Javalin create() {
        List<Map.Entry<String, Handler>> gets = new ArrayList<>();
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // Javalin answers HEAD for a GET route itself, 200 without running the handler (so
            // without its role check); each GET route gets the same handler for HEAD instead.
            config.events.handlerAdded(h -> {
                if (h.getHttpMethod() == HandlerType.GET) {
                    gets.add(Map.entry(h.getPath(), h.getHandler()));
                }
            });
            // Children's data: this computer only unless serve --bind says otherwise (start(host, port) overrides).
            config.jetty.defaultHost = "127.0.0.1";
            config.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/static";
                s.location = Location.CLASSPATH;
            });
        });
        app.before(this::headers);
        app.before(this::checkOrigin);
        app.before(this::authenticate);
        app.before(this::checkCsrf);
        // Browsers ask for /favicon.ico whatever the page links: the same small icon, not a 404.
        app.get("/favicon.ico", ctx -> ctx.contentType("image/svg+xml").result(FAVICON));
        new LoginPages(web).routes(app);
        new WeeklyPage(web, networks == null ? SchoolNetworkConfig.fixed(web.settings()) : networks).routes(app);
        new FindingPages(web).routes(app);
        new uk.schoolaccess.auditor.dashboard.web.pages.TriagePages(web).routes(app);
        Routes.extra(web, app);
        for (Map.Entry<String, Handler> get : List.copyOf(gets)) {
            app.head(get.getKey(), get.getValue());
        }
        app.exception(ForbiddenResponse.class, (e, ctx) -> {
            ctx.status(HttpStatus.FORBIDDEN);
            if (web.session(ctx) != null) {
                web.accessLog().refused(ctx, web.user(ctx));
            }
            web.page(ctx, "error", Map.of("title", "Not for your role", "message", e.getMessage()));
        });
        app.exception(IllegalArgumentException.class, (e, ctx) -> badRequest(ctx, e.getMessage()));
        app.exception(DateTimeException.class, (e, ctx) -> badRequest(ctx, "a date in the request is not a "
                + "real date (yyyy-MM-dd)"));
        app.exception(Exception.class, this::failed);
        app.error(404, ctx -> {
            if (ctx.attribute("session") != null) {
                web.page(ctx, "error", Map.of("title", "Not found", "message", "There is no such page."));
            }
        });
        return app;
    }

    private void badRequest(Context ctx, String message) {
        ctx.status(HttpStatus.BAD_REQUEST);
        web.page(ctx, "error", Map.of("title", "Cannot do that", "message", message));
    }

    /** Javalin's own answers (404 and the like) as they were; anything else is our fault: 500, logged. */
    private void failed(Exception e, Context ctx) {
        if (e instanceof HttpResponseException h) {
            ctx.status(h.getStatus()).result(h.getMessage());
            return;
        }
        LOG.error("{} {} failed", ctx.method().name(), ctx.path(), LoggedFailure.of(e));
        ctx.status(HttpStatus.INTERNAL_SERVER_ERROR);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result("Something went wrong on the server; it has been logged. Try again, or tell the school's IT.");
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

    /**
     * A POST from a page of another site is refused, the sign-in form included (a login CSRF, or
     * another site driving wrong passwords into the throttle). Browsers name the page's origin on
     * every POST; a client that names none (curl, a script) is left to the CSRF token and the
     * throttle.
     */
    private void checkOrigin(Context ctx) {
        if (!ctx.method().name().equals("POST")) {
            return;
        }
        String origin = ctx.header("Origin");
        String site = ctx.header("Sec-Fetch-Site");
        boolean crossSite = site != null && site.equalsIgnoreCase("cross-site");
        // Under this site's Referrer-Policy no-referrer, Chromium sends "Origin: null" on its own
        // form posts; its Sec-Fetch-Site (which no page can set) still says same-origin.
        boolean sameOrigin = site != null && site.equalsIgnoreCase("same-origin");
        if (crossSite || (origin != null && !sameOrigin && !sameSite(ctx, origin))) {
            ctx.status(HttpStatus.FORBIDDEN).result("Refused: this form was sent from another site.");
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether an Origin header names the host the request was sent to (as a trusted proxy forwards it). */
    private boolean sameSite(Context ctx, String origin) {
        String host = ctx.header("Host");
        String forwardedHost = ctx.header("X-Forwarded-Host");
        if (forwardedHost != null && web.dashboard().trustedProxy(ctx.req().getRemoteAddr())) {
            host = forwardedHost.split(",")[0].strip();
        }
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI o = new URI(origin);
            URI h = new URI("http://" + host);
            if (o.getHost() == null || h.getHost() == null
                    || !o.getHost().toLowerCase(Locale.ROOT).equals(h.getHost().toLowerCase(Locale.ROOT))) {
                return false;
            }
            // Behind a TLS proxy the Host may carry no port while the Origin names 443: ports are
            // compared only when both name one.
            return o.getPort() == -1 || h.getPort() == -1 || o.getPort() == h.getPort();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private void authenticate(Context ctx) {
        if (PUBLIC.contains(ctx.path())) {
            return;
        }
        var session = web.sessions().touch(ctx.cookie(Sessions.COOKIE));
        if (session.isPresent() && !active(session.get())) {
            session = java.util.Optional.empty(); // disabled or removed since signing in: that session ends now
        }
        if (session.isEmpty()) {
            if (ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD")) {
                ctx.redirect("/login");
            } else {
                ctx.status(HttpStatus.UNAUTHORIZED).result("Sign in first.");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute("session", session.get());
    }

    private boolean active(Sessions.Session s) {
        try {
            if (web.users().isActive(s.user().name())) {
                return true;
            }
        } catch (java.sql.SQLException e) {
            // Cannot tell: fail closed, as for a disabled account.
        }
        web.sessions().end(s.token());
        return false;
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
