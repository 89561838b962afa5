package uk.schoolaccess.auditor.ingest.generate;

import java.util.SplittableRandom;

/** Identifiers drawn from the seeded random source, so they repeat exactly for the same seed. */
final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static String guid(SplittableRandom rnd) {
        String h = hexOf(rnd.nextLong(), 16) + hexOf(rnd.nextLong(), 16);
        return h.substring(0, 8) + '-' + h.substring(8, 12) + "-4" + h.substring(13, 16) + '-'
                + "89ab".charAt(rnd.nextInt(4)) + h.substring(17, 20) + '-' + h.substring(20, 32);
    }

    /** A Windows logon id as the event log prints it, e.g. 0x72029c6. */
    static String logonId(SplittableRandom rnd, boolean upperCase) {
        String hex = Long.toHexString(0x100000L + rnd.nextLong(0xFFFFFFFL - 0x100000L));
        return "0x" + (upperCase ? hex.toUpperCase() : hex);
    }

    static String hexOf(long value, int digits) {
        StringBuilder sb = new StringBuilder(digits);
        hex(sb, value, digits);
        return sb.toString();
    }

    private static void hex(StringBuilder sb, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) sb.append(HEX[(int) ((value >>> (i * 4)) & 0xF)]);
    }

    static String digits(SplittableRandom rnd, int count) {
        StringBuilder sb = new StringBuilder(count);
        sb.append((char) ('1' + rnd.nextInt(9)));
        for (int i = 1; i < count; i++) sb.append((char) ('0' + rnd.nextInt(10)));
        return sb.toString();
    }

    /** A stable sub-seed for one part of the school (a day, a case) so parts do not shift each other. */
    static long mix(long seed, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
