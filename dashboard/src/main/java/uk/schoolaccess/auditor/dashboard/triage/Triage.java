package uk.schoolaccess.auditor.dashboard.triage;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.dashboard.web.Db;

/**
 * A finding handled as a case: an assignee (a dashboard user who may triage), a status (open,
 * under investigation, confirmed, dismissed; withdrawn stays the audit's own), and, when it is
 * closed, a disposition with a reason code as Microsoft Sentinel classifies incidents (confirmed:
 * a breach; dismissed: explained as expected work, a wrong rule, or bad data). Every change is
 * kept in finding_history (who, when, what); status decisions also go to finding_decisions, which
 * the audit and the retention purge read as "a person decided on this".
 */
public final class Triage {

    public static final String OPEN = "open";
    public static final String INVESTIGATING = "under_investigation";
    public static final String CONFIRMED = "confirmed";
    public static final String DISMISSED = "dismissed";
    public static final String WITHDRAWN = "withdrawn";
    /** Statuses a person may set (withdrawn is the audit's). */
    public static final List<String> SETTABLE = List.of(OPEN, INVESTIGATING, CONFIRMED, DISMISSED);
    /** Every status, for filters. */
    public static final List<String> ALL = List.of(OPEN, INVESTIGATING, CONFIRMED, DISMISSED, WITHDRAWN);

    /** Reason codes in the order a form offers them, with their words. */
    public static final Map<String, String> DISPOSITIONS = dispositions();
    public static final int MAX_NOTE = 4000;

    private Triage() {
    }

    private static Map<String, String> dispositions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("breach", "Breach: a real misuse to act on");
        m.put("expected_work", "Explained: expected work");
        m.put("wrong_rule", "Wrong rule: the check should not have fired");
        m.put("bad_data", "Bad data: the logs or roster were wrong");
        return m;
    }

    /** "under investigation" for "under_investigation". */
    public static String label(String status) {
        return status == null ? OPEN : status.replace('_', ' ');
    }

    public static String dispositionLabel(String code) {
        return code == null ? null : DISPOSITIONS.getOrDefault(code, code);
    }

    /**
     * Why a status change cannot be recorded, or null when it can. Closing needs a reason code
     * that fits (confirmed: breach; dismissed: one of the explanations) and every change a note.
     */
    public static String refusal(String status, String disposition, String note) {
        if (status == null || !SETTABLE.contains(status)) {
            return "Choose confirm, dismiss or re-open (or under investigation): a decision is one of these.";
        }
        if (CONFIRMED.equals(status) && !"breach".equals(disposition)) {
            return "Confirming a finding records it as a breach: choose the reason 'Breach'.";
        }
        if (DISMISSED.equals(status) && (disposition == null || "breach".equals(disposition)
                || !DISPOSITIONS.containsKey(disposition))) {
            return "Dismissing needs a reason: expected work, wrong rule or bad data.";
        }
        if (note == null || note.strip().length() < 3) {
            return "A decision needs a note saying why.";
        }
        if (note.strip().length() > MAX_NOTE) {
            return "A note is at most " + MAX_NOTE + " characters.";
        }
        return null;
    }

    /** Sets a finding's status (a disposition only when closed), in its history and its decisions. */
    public static void setStatus(Db db, String findingId, String status, String disposition, String note, String who,
                                 LocalDateTime now) {
        String kept = CONFIRMED.equals(status) || DISMISSED.equals(status) ? disposition : null;
        db.transaction(d -> {
            d.update("UPDATE findings SET status = ?, disposition = ?, note = ?, reviewed_by = ?, reviewed_at = ? "
                    + "WHERE finding_id = ?", status, kept, note, who, now, findingId);
            d.update("INSERT INTO finding_decisions (finding_id, status, note, decided_by, decided_at) VALUES "
                    + "(?, ?, ?, ?, ?)", findingId, status, note, who, now);
            d.update("INSERT INTO finding_history (finding_id, changed_at, changed_by, what, status, disposition, note) "
                    + "VALUES (?, ?, ?, 'status', ?, ?, ?)", findingId, now, who, status, kept, note);
        });
    }

    /** Assigns a finding to a dashboard user (null: to no one), in its history. */
    public static void assign(Db db, String findingId, String assignee, String who, LocalDateTime now) {
        db.transaction(d -> {
            d.update("UPDATE findings SET assignee = ? WHERE finding_id = ?", assignee, findingId);
            d.update("INSERT INTO finding_history (finding_id, changed_at, changed_by, what, assignee) "
                    + "VALUES (?, ?, ?, 'assignee', ?)", findingId, now, who, assignee);
        });
    }

    /** The users a finding may be assigned to: active accounts whose role may triage. */
    public static List<String> assignees(Db db) {
        return db.rows("SELECT username FROM dashboard_users WHERE disabled_at IS NULL AND lower(role) IN ('dpo', 'dsl') "
                + "ORDER BY username").stream().map(r -> (String) r.get("username")).toList();
    }

    /** A finding's history, oldest first, each line in words. */
    public static List<Map<String, Object>> history(Db db, String findingId) {
        List<Map<String, Object>> rows = db.rows("SELECT changed_at, changed_by, what, status, disposition, assignee, "
                + "note FROM finding_history WHERE finding_id = ? ORDER BY changed_at, what", findingId);
        for (Map<String, Object> r : rows) {
            String what = switch (String.valueOf(r.get("what"))) {
                case "status" -> label((String) r.get("status"))
                        + (r.get("disposition") == null ? "" : " (" + dispositionLabel((String) r.get("disposition")) + ")");
                case "assignee" -> r.get("assignee") == null ? "unassigned" : "assigned to " + r.get("assignee");
                default -> "exception";
            };
            r.put("change", what);
        }
        return rows;
    }
}
