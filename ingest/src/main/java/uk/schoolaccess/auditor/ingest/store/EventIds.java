package uk.schoolaccess.auditor.ingest.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Stable event ids: a hash of the source system and the raw record (and which event of the
 * record, for records that hold several). Re-reading the same file, or a renamed or
 * re-compressed copy, gives the same ids, so nothing is added twice.
 *
 * <p>Two identical records in one file are two real events (a SIMS export has minute
 * resolution; on the autumn clock change 01:30 happens twice), so the n-th repeat within a
 * file is numbered into its id.
 */
final class EventIds {

    private final MessageDigest sha;
    /** Every id of the file so far, and how often its record came: sized for a weekly export. */
    private final Map<String, Integer> seen = new HashMap<>(1 << 16);
    private static final HexFormat HEX = HexFormat.of();

    EventIds() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String next(String source, String raw, int part) {
        // The same bytes as hashing source + '\u0001' + raw + '\u0001' + part, without building that string.
        sha.update(source.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 1);
        sha.update(raw.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 1);
        sha.update(Integer.toString(part).getBytes(StandardCharsets.US_ASCII));
        String base = HEX.formatHex(sha.digest(), 0, 16);
        int n = seen.merge(base, 1, Integer::sum);
        return n == 1 ? base : hash(base + '\u0001' + n);
    }

    private String hash(String s) {
        byte[] d = sha.digest(s.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(d, 0, 16);
    }

    static String of(String... parts) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\u0001", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
