package uk.schoolaccess.auditor.analytics.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import uk.schoolaccess.auditor.analytics.explain.ActivityTeaching;

/**
 * Roster health: where the school's activity looks like teaching that the roster export does not
 * list (the last audit's inferred_relationships not in the roster), so the DPO can have the
 * export fixed; and how much of the explanation coverage rests on the roster and how much on
 * activity. Read from the store, so the weekly page and {@code auditor status} need no audit.
 */
public final class RosterHealth {

    /** One class or member of staff whose teaching the roster does not list. */
    public record Gap(String staffId, String kind, Integer weekday, Integer slotStart, String groupId, long pupils,
                      long days, LocalDate firstDay, LocalDate lastDay) {

        /** "23 pupils registered by S0042 on Tuesdays at 11:00-11:30 on 6 school days are in no teaching group of theirs". */
        public String sentence() {
            String who = pupils == 1 ? "1 pupil" : pupils + " pupils";
            String verb = pupils == 1 ? "is" : "are";
            return switch (kind) {
                case "register" -> String.format(Locale.UK, "%s regularly registered by %s on %s at %s (%d school days, "
                                + "%s to %s) %s in no teaching group of theirs", who, staffId,
                        ActivityTeaching.weekday(weekday), ActivityTeaching.slot(slotStart), days, firstDay, lastDay, verb);
                case "records" -> String.format(Locale.UK, "%s whose teaching records %s regularly opens on %s at %s "
                                + "(%d school days, %s to %s) %s in no teaching group of theirs", who, staffId,
                        ActivityTeaching.weekday(weekday), ActivityTeaching.slot(slotStart), days, firstDay, lastDay, verb);
                default -> String.format(Locale.UK, "%s of %s, most of which %s teaches, %s in no teaching group of theirs",
                        who, groupId, staffId, verb);
            };
        }
    }

    /** Coverage of a span: accesses, explained, and explained only by teaching seen from activity. */
    public record Coverage(long accesses, long explained, long fromActivity) {
        public String rosterShare() {
            return share(explained - fromActivity);
        }

        public String activityShare() {
            return share(fromActivity);
        }

        public String share() {
            return share(explained);
        }

        private String share(long n) {
            return accesses == 0 ? "n/a" : String.format(Locale.UK, "%.1f%%", 100.0 * n / accesses);
        }
    }

    /** The gaps, largest first, at most {@code limit}; {@code total} counts them all. */
    public record Report(List<Gap> gaps, int total, long staff, long pupilPairs) {
        public boolean healthy() {
            return total == 0;
        }
    }

    private RosterHealth() {
    }

    public static Report of(Connection c, int limit) throws SQLException {
        String gaps = "SELECT staff_id, kind, weekday, slot_start, group_id, count(*) AS pupils, max(days) AS days, "
                + "min(first_day) AS first_day, max(last_day) AS last_day FROM inferred_relationships WHERE NOT in_roster "
                + "GROUP BY staff_id, kind, weekday, slot_start, group_id";
        List<Gap> out = new ArrayList<>();
        int total = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(gaps
                + " ORDER BY pupils DESC, staff_id, kind, weekday, slot_start, group_id")) {
            while (rs.next()) {
                total++;
                if (out.size() < limit) {
                    out.add(new Gap(rs.getString("staff_id"), rs.getString("kind"), (Integer) rs.getObject("weekday"),
                            (Integer) rs.getObject("slot_start"), rs.getString("group_id"), rs.getLong("pupils"),
                            rs.getLong("days"), rs.getObject("first_day", LocalDate.class),
                            rs.getObject("last_day", LocalDate.class)));
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(DISTINCT staff_id) AS staff, "
                + "count(*) AS pairs FROM inferred_relationships WHERE NOT in_roster")) {
            rs.next();
            return new Report(out, total, rs.getLong("staff"), rs.getLong("pairs"));
        }
    }

    /** Coverage of the days from (inclusive) to (exclusive), from each audit's coverage_daily. */
    public static Coverage coverage(Connection c, LocalDate from, LocalDate to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT coalesce(sum(accesses), 0) AS accesses, "
                + "coalesce(sum(explained), 0) AS explained, coalesce(sum(from_activity), 0) AS from_activity "
                + "FROM coverage_daily WHERE (? IS NULL OR day >= ?) AND (? IS NULL OR day < ?)")) {
            p.setObject(1, from);
            p.setObject(2, from);
            p.setObject(3, to);
            p.setObject(4, to);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new Coverage(rs.getLong("accesses"), rs.getLong("explained"), rs.getLong("from_activity"));
            }
        }
    }
}
