package uk.schoolaccess.auditor.analytics.baseline;

import java.util.Arrays;

import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * Median and median absolute deviation: a typical value and a spread that one wild day does not
 * drag, for sizes (rows exported, sessions' lengths) where a few outliers are the point.
 */
public record RobustSpread(double median, double mad, int n) {

    /** MAD scaled to estimate a standard deviation under normality. */
    public static final double MAD_TO_SD = 1.4826;

    public static RobustSpread of(double[] values) {
        if (values.length == 0) {
            return new RobustSpread(Double.NaN, Double.NaN, 0);
        }
        double med = new Median().evaluate(values);
        double[] dev = Arrays.stream(values).map(v -> Math.abs(v - med)).toArray();
        return new RobustSpread(med, new Median().evaluate(dev), values.length);
    }

    /** How many scaled MADs above the median {@code v} lies; a zero spread counts as 1. */
    public double robustZ(double v) {
        double sd = Math.max(mad * MAD_TO_SD, 1.0);
        return (v - median) / sd;
    }
}
