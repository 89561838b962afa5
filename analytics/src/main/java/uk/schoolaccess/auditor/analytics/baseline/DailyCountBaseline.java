package uk.schoolaccess.auditor.analytics.baseline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-person, per-day count (unexplained pupils, sign-in addresses) judged against two
 * baselines: the person's own earlier days and every day of their role peers. The day's p-value
 * is the larger of the two Poisson tails ({@link CountTail}), so a day must be unusual for the
 * person and for their role; the own tail counts only once there are enough earlier days.
 * Benjamini-Hochberg ({@link FalseDiscovery}) then keeps the false-discovery rate across every
 * day judged. Linear in the number of days (sums per person and per peer group), so a trust's
 * years of history cost no more than one pass.
 */
public final class DailyCountBaseline {

    /** One person's count on one day, with the peer group they are judged against. */
    public record Day(String staff, String peerGroup, LocalDate day, long count) {
    }

    /** The baseline one day was judged against, and how surprising it was. */
    public record Judgement(double ownMean, int ownDays, double peerMean, int peerDays, double pValue) {
    }

    private final double minOwnDays;

    /** @param minOwnDays earlier days of their own a person needs before their own baseline counts */
    public DailyCountBaseline(double minOwnDays) {
        this.minOwnDays = minOwnDays;
    }

    /** Judges {@code days.get(i)} for each i in {@code tested}; the result is in the same order as tested. */
    public List<Judgement> judge(List<Day> days, List<Integer> tested) {
        Map<String, double[]> staffTotals = new HashMap<>();
        Map<String, double[]> groupTotals = new HashMap<>();
        Map<String, List<Integer>> byStaff = new HashMap<>();
        for (int i = 0; i < days.size(); i++) {
            Day d = days.get(i);
            add(staffTotals.computeIfAbsent(d.staff(), k -> new double[2]), d.count());
            add(groupTotals.computeIfAbsent(d.peerGroup(), k -> new double[2]), d.count());
            byStaff.computeIfAbsent(d.staff(), k -> new ArrayList<>()).add(i);
        }
        // own history strictly before each day: running sums over each person's days in date order
        double[][] before = new double[days.size()][];
        for (List<Integer> own : byStaff.values()) {
            own.sort(Comparator.comparing(i -> days.get(i).day()));
            double sum = 0;
            int n = 0;
            int k = 0;
            while (k < own.size()) {
                LocalDate day = days.get(own.get(k)).day();
                int end = k;
                while (end < own.size() && days.get(own.get(end)).day().equals(day)) {
                    before[own.get(end)] = new double[] {sum, n};
                    end++;
                }
                for (int j = k; j < end; j++) {
                    sum += days.get(own.get(j)).count();
                    n++;
                }
                k = end;
            }
        }
        List<Judgement> out = new ArrayList<>(tested.size());
        for (int i : tested) {
            Day d = days.get(i);
            double[] own = before[i];
            double[] group = groupTotals.get(d.peerGroup());
            double[] self = staffTotals.get(d.staff());
            double peerSum = group[0] - self[0];
            int peerDays = (int) (group[1] - self[1]);
            double ownMean = own[1] == 0 ? 0 : own[0] / own[1];
            double peerMean = peerDays == 0 ? 0 : peerSum / peerDays;
            double pPeer = CountTail.pValue(d.count(), peerMean);
            double pOwn = own[1] >= minOwnDays ? CountTail.pValue(d.count(), ownMean) : 0.0;
            out.add(new Judgement(ownMean, (int) own[1], peerMean, peerDays, Math.max(pPeer, pOwn)));
        }
        return out;
    }

    /** Which judged days are discoveries at false-discovery rate q. */
    public static boolean[] discoveries(List<Judgement> judged, double q) {
        return FalseDiscovery.discoveries(judged.stream().mapToDouble(Judgement::pValue).toArray(), q);
    }

    private static void add(double[] total, long count) {
        total[0] += count;
        total[1]++;
    }
}
