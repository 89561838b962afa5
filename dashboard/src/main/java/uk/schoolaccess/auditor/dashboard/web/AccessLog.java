package uk.schoolaccess.auditor.dashboard.web;

import io.javalin.http.Context;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;

/**
 * The auditor's own access log (MON-1): every view of pupil-level data, every subject access
 * look-up, every triage decision and every page refused to a role, with who, when and which
 * subject. The DPO reads it on /access-log.
 */
public final class AccessLog {

    private final Db db;

    public AccessLog(Db db) {
        this.db = db;
    }

    public void record(Context ctx, Users.User user, String kind, String subject) {
        db.update("INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?, ?)", Db.nowUtc(), user.name(), user.role().label(),
                ctx.method().name(), ctx.path(), kind, subject);
    }

    /** A page refused to the user's role (403): kind "refused", the query as the subject. */
    public void refused(Context ctx, Users.User user) {
        String query = ctx.queryString();
        record(ctx, user, "refused", query == null || query.length() <= 500 ? query : query.substring(0, 500));
    }
}
