package uk.schoolaccess.auditor.analytics.baseline;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Benjamini-Hochberg: which of many tests (one per person-day) to report so that the expected
 * share of false alarms among the reported stays below q. A school of 150 staff over a term
 * makes thousands of tests; without this the DPO drowns in chance.
 */
public final class FalseDiscovery {

    private FalseDiscovery() {
    }

    /** @return for each p-value, whether it is a discovery at level q */
    public static boolean[] discoveries(double[] p, double q) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        int cutoff = -1;
        for (int k = m - 1; k >= 0; k--) {
            if (p[order[k]] <= (k + 1) * q / m) {
                cutoff = k;
                break;
            }
        }
        boolean[] out = new boolean[m];
        for (int k = 0; k <= cutoff; k++) {
            out[order[k]] = true;
        }
        return out;
    }
}
