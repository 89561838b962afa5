package uk.schoolaccess.auditor.analytics.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.analytics.engine.SqlResource;

/**
 * access_explained.sql picks each pair's teaching seen from activity (activity_pairs) by the least
 * of one ordered number, and numbers classes (class_groups) by a grouping of their pupils: both
 * must give exactly what the ranking they replaced gave (a window: a register first, most days,
 * a whole half hour, weekday, slot; the first group of each set of pupils), ties included.
 */
class TeachingChoiceAndClassesTest {

    private static final String RANKED_PAIRS = "SELECT staff_id, pupil_id, kind, weekday, slot_start, days, first_day, last_day FROM ("
            + "SELECT *, row_number() OVER (PARTITION BY staff_id, pupil_id ORDER BY CASE WHEN kind = 'register' THEN 0 ELSE 1 END, "
            + "days DESC, CASE WHEN slot_start % 30 = 0 THEN 0 ELSE 1 END, weekday, slot_start) AS choice FROM activity_seen) r "
            + "WHERE choice = 1";

    private static final String RANKED_CLASSES = "WITH members AS (SELECT group_id, array_sort(array_agg(pupil_id)) AS pupils "
            + "FROM (SELECT DISTINCT group_id, pupil_id FROM teaching_classes) m GROUP BY group_id), "
            + "keyed AS (SELECT group_id, min(group_id) OVER (PARTITION BY pupils) AS first_group FROM members) "
            + "SELECT group_id, dense_rank() OVER (ORDER BY first_group) AS class_id, group_id = first_group AS first_of_class FROM keyed";

    @Test
    void eachPairKeepsTheRowTheRankingChose() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE activity_seen (staff_id VARCHAR, pupil_id VARCHAR, kind VARCHAR, weekday INTEGER, "
                    + "slot_start INTEGER, days BIGINT, first_day BIGINT, last_day BIGINT)");
            // Few staff, pupils, days and slots, so most pairs have several rows and many tie on days.
            Random random = new Random(14);
            StringBuilder rows = new StringBuilder();
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (int i = 0; i < 4000; i++) {
                String staff = "S" + random.nextInt(6);
                String pupil = "P" + random.nextInt(40);
                String kind = random.nextBoolean() ? "register" : "records";
                int weekday = random.nextInt(5);
                int slot = random.nextInt(49);
                int shift = random.nextInt(2);
                int slotStart = slot * 30 - shift * 15; // -15 (slot 0, shift 1) to 1440
                if (keys.add(String.join("|", staff, pupil, kind, Integer.toString(weekday), Integer.toString(slotStart)))) {
                    long days = 2 + random.nextInt(3);
                    rows.append(rows.length() == 0 ? "" : ", ").append(String.format("('%s', '%s', '%s', %d, %d, %d, %d, %d)",
                            staff, pupil, kind, weekday, slotStart, days, 20_000 + i, 20_100 + i));
                }
            }
            s.execute("INSERT INTO activity_seen VALUES " + rows);
            s.execute(statement("TEMP TABLE activity_pairs AS"));
            assertEquals(0, count(s, "SELECT * FROM activity_pairs EXCEPT ALL " + RANKED_PAIRS));
            assertEquals(0, count(s, RANKED_PAIRS + " EXCEPT ALL SELECT * FROM activity_pairs"));
            long pairs = count(s, "SELECT DISTINCT staff_id, pupil_id FROM activity_seen");
            assertEquals(pairs, count(s, "SELECT * FROM activity_pairs"));
            assertTrue(pairs > 150 && count(s, "SELECT * FROM activity_seen") > 2 * pairs, "pairs with several rows to choose from");
        }
    }

    @Test
    void groupsWithTheSamePupilsAreOneClassNumberedAsBefore() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE teaching_classes (group_id VARCHAR, staff_id VARCHAR, pupil_id VARCHAR)");
            // Groups drawn from a few sets of pupils (so many share a set), listed more than once
            // (teaching_classes is no longer made distinct) and by more than one teacher.
            Random random = new Random(9);
            StringBuilder rows = new StringBuilder();
            for (int g = 0; g < 300; g++) {
                int set = random.nextInt(25);
                String group = (random.nextBoolean() ? "seen S" : "G") + g;
                for (int p = 0; p < 3 + set % 7; p++) {
                    for (int copy = 0; copy < 1 + random.nextInt(2); copy++) {
                        rows.append(rows.length() == 0 ? "" : ", ").append(String.format("('%s', 'S%d', 'P%d')",
                                group, random.nextInt(3), set * 10 + p));
                    }
                }
            }
            s.execute("INSERT INTO teaching_classes VALUES " + rows);
            s.execute(statement("TEMP TABLE class_groups AS"));
            assertEquals(0, count(s, "SELECT * FROM class_groups EXCEPT ALL SELECT * FROM (" + RANKED_CLASSES + ") r"));
            assertEquals(0, count(s, "SELECT * FROM (" + RANKED_CLASSES + ") r EXCEPT ALL SELECT * FROM class_groups"));
            assertEquals(300, count(s, "SELECT * FROM class_groups"));
            long classes = count(s, "SELECT DISTINCT class_id FROM class_groups");
            assertTrue(classes > 1 && classes <= 25, "groups with the same pupils share a class: " + classes);
        }
    }

    private static String statement(String marker) {
        return SqlResource.statements(SqlResource.load("access_explained")).stream().filter(t -> t.contains(marker))
                .findFirst().orElseThrow();
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM (" + sql + ") x")) {
            r.next();
            return r.getLong(1);
        }
    }
}
