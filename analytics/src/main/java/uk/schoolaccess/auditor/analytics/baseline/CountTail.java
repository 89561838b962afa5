package uk.schoolaccess.auditor.analytics.baseline;

import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * How surprising a day's count is against a Poisson baseline: P(X >= observed | mean). Counts of
 * unexplained accesses are small and lumpy, so a count-model tail is fairer than a z-score.
 * A floor on the mean stops a spotless history (mean 0) from making a single slip look certain.
 */
public final class CountTail {

    /** The smallest mean used, so one access on a day after weeks of none is not p ~ 0. */
    public static final double MEAN_FLOOR = 0.5;

    private CountTail() {
    }

    public static double pValue(long observed, double mean) {
        if (observed <= 0) {
            return 1.0;
        }
        double lambda = Math.max(MEAN_FLOOR, mean);
        return 1.0 - new PoissonDistribution(null, lambda, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).cumulativeProbability((int) observed - 1);
    }
}
