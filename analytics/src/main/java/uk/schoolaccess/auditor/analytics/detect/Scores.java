package uk.schoolaccess.auditor.analytics.detect;

/**
 * Finding scores on one scale, so findings of different detectors sort together: how
 * surprising the evidence is, as -log10 of a p-value, capped at 12 (one in a trillion; beyond
 * that the model, not the data, decides the number).
 */
public final class Scores {

    public static final double CAP = 12.0;

    private Scores() {
    }

    public static double surprise(double p) {
        if (!(p > 0)) {
            return CAP;
        }
        return Math.min(CAP, -Math.log10(p));
    }
}
