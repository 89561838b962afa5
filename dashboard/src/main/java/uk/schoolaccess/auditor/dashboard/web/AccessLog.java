package uk.schoolaccess.auditor.dashboard.web;

import io.javalin.http.Context;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;

/**
 * The auditor's own access log (MON-1): every view of pupil-level data, every subject access
 * look-up, every triage decision and every page refused to a role, with who, when and which
 * subject. The DPO reads it on /access-log.
 */
public final class AccessLog {

    private static final java.util.regex.Pattern MAYBE_NAME =
            java.util.regex.Pattern.compile("(?i)(^|&)(pupil|staff|member|ref)=([^&]*)");

    private final Db db;

    public AccessLog(Db db) {
        this.db = db;
    }

    public void record(Context ctx, Users.User user, String kind, String subject) {
        db.update("INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?, ?)", Db.nowUtc(), user.name(), user.role().label(),
                ctx.method().name(), ctx.path(), kind, subject);
    }

    /**
     * A page refused to the user's role (403): kind "refused", the query as the subject; a pupil,
     * staff, member or reference value with no digit in it may be a name typed where an id belongs,
     * so it is logged as "(not an id)", never as typed.
     */
    public void refused(Context ctx, Users.User user) {
        String query = ctx.queryString() == null ? null : MAYBE_NAME.matcher(ctx.queryString()).replaceAll(m ->
                java.util.regex.Matcher.quoteReplacement(decoded(m.group(3)).chars().anyMatch(Character::isDigit)
                        ? m.group() : m.group(1) + m.group(2) + "=(not an id)"));
        record(ctx, user, "refused", query == null || query.length() <= 500 ? query : query.substring(0, 500));
    }

    private static String decoded(String value) {
        try {
            return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
