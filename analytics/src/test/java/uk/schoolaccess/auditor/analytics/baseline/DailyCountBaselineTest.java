package uk.schoolaccess.auditor.analytics.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DailyCountBaselineTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 9, 7);

    @Test
    void aBrowsingDayStandsOutAgainstOwnAndPeerHistory() {
        List<DailyCountBaseline.Day> days = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            days.add(new DailyCountBaseline.Day("S1", "teacher", MONDAY.plusDays(d), 1));
            days.add(new DailyCountBaseline.Day("S2", "teacher", MONDAY.plusDays(d), 2));
            days.add(new DailyCountBaseline.Day("S3", "teacher", MONDAY.plusDays(d), 1));
        }
        days.add(new DailyCountBaseline.Day("S1", "teacher", MONDAY.plusDays(10), 40));
        days.add(new DailyCountBaseline.Day("S2", "teacher", MONDAY.plusDays(10), 3));
        List<DailyCountBaseline.Judgement> j = new DailyCountBaseline(5).judge(days, List.of(30, 31));

        assertEquals(1.0, j.get(0).ownMean());
        assertEquals(10, j.get(0).ownDays());
        assertEquals(33.0 / 21, j.get(0).peerMean(), 1e-15); // S2: 10 x 2 + 3, S3: 10 x 1, over 21 days
        assertEquals(21, j.get(0).peerDays());
        assertArrayEquals(new boolean[] {true, false}, DailyCountBaseline.discoveries(j, 0.01));
    }

    @Test
    void ownHistoryCountsOnlyWhenLongEnough() {
        List<DailyCountBaseline.Day> days = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            days.add(new DailyCountBaseline.Day("S1", "office", MONDAY.plusDays(d), 20));
        }
        days.add(new DailyCountBaseline.Day("S2", "office", MONDAY, 20));
        DailyCountBaseline.Judgement j = new DailyCountBaseline(5).judge(days, List.of(2)).get(0);
        assertEquals(2, j.ownDays());
        // only the peer tail counts: 20 against a peer mean of 20 is ordinary
        assertEquals(CountTail.pValue(20, 20.0), j.pValue());
    }

    /** The same figures as judging each day by filtering every other day, the obvious (quadratic) way. */
    @Test
    void agreesWithTheDirectDefinition() {
        Random r = new Random(11);
        List<DailyCountBaseline.Day> days = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            String group = s % 3 == 0 ? "office" : "teacher";
            for (int d = 0; d < 30; d++) {
                if (r.nextInt(4) > 0) {
                    days.add(new DailyCountBaseline.Day("S" + s, group, MONDAY.plusDays(r.nextInt(40)), r.nextInt(8)));
                }
            }
        }
        List<Integer> tested = new ArrayList<>();
        for (int i = 0; i < days.size(); i += 3) {
            tested.add(i);
        }
        List<DailyCountBaseline.Judgement> fast = new DailyCountBaseline(5).judge(days, tested);
        for (int k = 0; k < tested.size(); k++) {
            DailyCountBaseline.Day d = days.get(tested.get(k));
            double[] own = days.stream().filter(o -> o.staff().equals(d.staff()) && o.day().isBefore(d.day()))
                    .mapToDouble(DailyCountBaseline.Day::count).toArray();
            double[] peers = days.stream().filter(o -> o.peerGroup().equals(d.peerGroup()) && !o.staff().equals(d.staff()))
                    .mapToDouble(DailyCountBaseline.Day::count).toArray();
            double ownMean = own.length == 0 ? 0 : java.util.Arrays.stream(own).sum() / own.length;
            double peerMean = peers.length == 0 ? 0 : java.util.Arrays.stream(peers).sum() / peers.length;
            double p = Math.max(CountTail.pValue(d.count(), peerMean),
                    own.length >= 5 ? CountTail.pValue(d.count(), ownMean) : 0.0);
            DailyCountBaseline.Judgement j = fast.get(k);
            assertEquals(ownMean, j.ownMean());
            assertEquals(own.length, j.ownDays());
            assertEquals(peerMean, j.peerMean());
            assertEquals(peers.length, j.peerDays());
            assertEquals(p, j.pValue());
        }
        assertTrue(fast.size() > 50);
    }
}
