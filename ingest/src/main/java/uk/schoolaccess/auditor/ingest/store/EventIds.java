package uk.schoolaccess.auditor.ingest.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable ids from a row's values, for roster rows that have no id of their own (a relationship).
 * Events' ids come from their field values too, but in SQL over the whole batch
 * ({@link NaturalIds}), so that events stored before natural ids get theirs by the same rule.
 */
final class EventIds {

    private EventIds() {
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
