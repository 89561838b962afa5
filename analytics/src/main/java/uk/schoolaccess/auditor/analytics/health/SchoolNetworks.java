package uk.schoolaccess.auditor.analytics.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The school's own outbound addresses, suggested from the data for a school that has not set
 * {@code networks.school} (without it every address is off-site). An address is the school's when
 * many different staff sign in from it while they are logged on at a school computer (an
 * interactive Windows logon earlier that day, in the school's own Windows logs): home broadband is
 * shared by one household, mobile data by nobody in particular, the school's gateway by everyone.
 * IPv4 addresses are grouped by /24 into the smallest range covering those seen; the DPO accepts a
 * range by adding it to {@code networks.school}.
 */
public final class SchoolNetworks {

    /** Fewest distinct staff seen at one address. */
    static final int MIN_STAFF = 3;

    /** A suggested range: the addresses behind it and how many staff signed in from them at school. */
    public record Suggestion(String cidr, List<String> addresses, long staff) {
    }

    private SchoolNetworks() {
    }

    public static List<Suggestion> suggest(Connection c) throws SQLException {
        Map<String, java.util.Set<String>> staffByIp = new LinkedHashMap<>();
        long staffSigningIn;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT staff_id) FROM signins WHERE success AND staff_id "
                    + "IS NOT NULL")) {
                rs.next();
                staffSigningIn = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("""
                    WITH logons AS (
                        SELECT staff_id, ts FROM logon_events
                        WHERE source = 'windows' AND kind = 'logon' AND interactive AND staff_id IS NOT NULL
                          AND coalesce(logon_type, 2) NOT IN (3, 5, 7)
                    )
                    SELECT DISTINCT s.ip, s.staff_id
                    FROM signins s
                    JOIN logons w ON w.staff_id = s.staff_id
                     AND s.ts >= w.ts AND s.ts <= w.ts + INTERVAL 15 MINUTE
                    WHERE s.success AND s.ip IS NOT NULL
                    ORDER BY s.ip, s.staff_id""")) {
                while (rs.next()) {
                    staffByIp.computeIfAbsent(rs.getString(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        long floor = Math.max(MIN_STAFF, (long) Math.ceil(staffSigningIn * 0.1));
        Map<String, List<String>> byPrefix = new TreeMap<>();
        Map<String, java.util.Set<String>> staffByPrefix = new TreeMap<>();
        for (Map.Entry<String, java.util.Set<String>> e : staffByIp.entrySet()) {
            String ip = e.getKey();
            if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                continue;
            }
            String prefix = ip.substring(0, ip.lastIndexOf('.'));
            byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(ip);
            staffByPrefix.computeIfAbsent(prefix, k -> new java.util.TreeSet<>()).addAll(e.getValue());
        }
        List<Suggestion> out = new ArrayList<>();
        byPrefix.forEach((prefix, ips) -> {
            long staff = staffByPrefix.get(prefix).size();
            if (staff >= floor) {
                out.add(new Suggestion(covering(prefix, ips), ips, staff));
            }
        });
        return out;
    }

    /** The smallest CIDR range within the /24 that covers every address seen. */
    static String covering(String prefix, List<String> ips) {
        int lo = 255;
        int hi = 0;
        for (String ip : ips) {
            int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
            lo = Math.min(lo, last);
            hi = Math.max(hi, last);
        }
        int bits = 32;
        while (bits > 24 && (lo >> (32 - bits)) != (hi >> (32 - bits))) {
            bits--;
        }
        int base = bits == 32 ? lo : (lo >> (32 - bits)) << (32 - bits);
        return prefix + "." + base + "/" + bits;
    }
}
