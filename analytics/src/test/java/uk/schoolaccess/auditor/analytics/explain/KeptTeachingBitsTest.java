package uk.schoolaccess.auditor.analytics.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * A kept key's last day in the window is the highest bit of its weeks: the smear must reach every
 * bit below the top one, or a key seen only in weeks 48 and later of a block (the weeks from
 * 2027-05-03 in block 46) is given a last day a week or more early.
 */
class KeptTeachingBitsTest {

    @Test
    void highestBitOfEveryKindOfWeeks() throws Exception {
        long[] weeks = {1L, 1L << 5, (1L << 48) | (1L << 51), (1L << 49) | (1L << 50) | (1L << 51), 1L << 63,
                (1L << 63) | 1L, -1L, (1L << 52) | (1L << 44), 0x00F0_0000_0000_0000L};
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (long w : weeks) {
                try (ResultSet r = s.executeQuery("WITH bits AS (SELECT CAST('" + Long.toUnsignedString(w)
                        + "' AS UBIGINT) AS b), " + KeptTeaching.TOP_BITS + "x AS (SELECT 1) "
                        + "SELECT bit_count(top) - 1 AS top_bit FROM s6")) {
                    r.next();
                    assertEquals(63 - Long.numberOfLeadingZeros(w), r.getLong("top_bit"), Long.toBinaryString(w));
                }
            }
        }
    }
}
