package uk.schoolaccess.auditor.analytics.explain;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.detect.DetectorInfo;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * Teaching relationships seen in the school's own activity, for rosters that are never complete
 * (a group missing from the export, an intervention group, a long-term cover). Built as derived
 * steps of access_explained.sql into {@code activity_teaching}: one row per member of staff and
 * pupil, with its evidence. They explain an access only after every roster relationship, remit
 * and cover register, never a safeguarding incident or record, and never a medical record: those
 * stay with the roster and remits. They are learned from repetition across weeks (the history
 * before the period and the period itself), so a one-off look stays unexplained.
 */
public final class ActivityTeaching {

    /** The record areas teaching uses, whose recurring opening counts as teaching. */
    public static final List<String> AREAS = List.of("assessment", "behaviour", "student_details");

    /** Thresholds, set under {@code detectors.out_of_role_access} in auditor.yaml (the detector that reads them). */
    public static final List<DetectorInfo.Threshold> THRESHOLDS = List.of(
            new DetectorInfo.Threshold("activity_min_weeks", 3, "weeks (the same weekday and lesson slot) a member "
                    + "of staff must register or open a pupil before activity explains them as teaching; 0 turns "
                    + "learning from activity off"),
            new DetectorInfo.Threshold("activity_min_register", 5, "fewest pupils marked in one slot that make a "
                    + "class register"),
            new DetectorInfo.Threshold("activity_group_share", 0.8, "share of a teaching group or form a member of "
                    + "staff must already teach before activity explains the rest of it"));

    /** The explanation kinds this adds, as access_explained names them. */
    public static final Map<String, String> MEANINGS = Map.of(
            "activity_register", "teaches them, seen from activity (not the roster): took the register for them "
                    + "in the same lesson slot week after week",
            "activity_records", "teaches them, seen from activity (not the roster): opened their teaching records "
                    + "in the same lesson slot week after week",
            "activity_group", "teaches them, seen from activity (not the roster): teaches most of their group");

    private static final String[] DAYS = {"Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays",
            "Sundays"};

    private ActivityTeaching() {
    }

    static Map<String, String> params(AuditContext context, DetectorInfo detector) {
        int weeks = (int) context.threshold(detector, "activity_min_weeks");
        return Map.of(
                "activity_on", weeks > 0 ? "true" : "false",
                // A single register is cover, never teaching: two weeks at the very least.
                "activity_min_weeks", Integer.toString(Math.max(2, weeks)),
                "activity_min_register", Long.toString(Math.round(context.threshold(detector, "activity_min_register"))),
                "activity_group_share", Double.toString(context.threshold(detector, "activity_group_share")),
                "activity_areas", AuditContext.quotedList(AREAS),
                "day_start_minute", Integer.toString(minuteOf(context.settings().schoolDay().start())),
                "day_end_minute", Integer.toString(minuteOf(context.settings().schoolDay().end())));
    }

    /**
     * The evidence of one relationship in a DPO's words, from a row of activity_teaching (or the
     * stored inferred_relationships): kind, weekday, slot_start, days, first_day, last_day,
     * group_id, group_known, group_size.
     */
    public static String evidence(Row r) {
        String kind = r.text("kind");
        if ("group".equals(kind)) {
            return String.format(Locale.UK, "teaches most of %s (%d of its %d pupils, by the roster or from activity)",
                    r.text("group_id"), r.number("group_known"), r.number("group_size"));
        }
        String what = "register".equals(kind) ? "took the register for them" : "opened their teaching records";
        return String.format(Locale.UK, "%s on %s at %s on %d school days (%s to %s)", what, weekday(r.number("weekday")),
                slot(r.number("slot_start")), r.number("days"), day(r.get("first_day")), day(r.get("last_day")));
    }

    /** 0 = Monday, as the SQL numbers weekdays. */
    public static String weekday(long n) {
        return DAYS[(int) Math.floorMod(n, 7)];
    }

    /** A half-hour slot from its first minute of the day, "11:00-11:30". */
    public static String slot(long startMinute) {
        LocalTime t = LocalTime.MIDNIGHT.plusMinutes(startMinute);
        return t + "-" + t.plusMinutes(30);
    }

    private static String day(Object v) {
        if (v instanceof Number n) {
            return LocalDate.ofEpochDay(n.longValue()).toString();
        }
        return v == null ? "?" : v.toString().substring(0, Math.min(10, v.toString().length()));
    }

    private static int minuteOf(String hhmm) {
        LocalTime t = LocalTime.parse(hhmm);
        return t.getHour() * 60 + t.getMinute();
    }
}
