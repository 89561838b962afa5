package uk.schoolaccess.auditor.analytics.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** finding_id: a hash of the detector id and the parts that identify the finding's evidence. */
public final class FindingIds {

    private FindingIds() {
    }

    public static String of(String detector, Object... key) {
        StringBuilder b = new StringBuilder(detector);
        for (Object k : key) {
            b.append('\u0001').append(k);
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return "F" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
