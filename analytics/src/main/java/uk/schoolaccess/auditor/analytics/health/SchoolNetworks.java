package uk.schoolaccess.auditor.analytics.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import uk.schoolaccess.auditor.analytics.config.Cidr;

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

    /**
     * A suggested range: the addresses behind it, how many staff signed in from them at school,
     * how many of their Windows logons at school computers those sign-ins followed, and on which
     * days (the school's).
     */
    public record Suggestion(String cidr, List<String> addresses, long staff, long logons, List<LocalDate> days) {

        public Suggestion(String cidr, List<String> addresses, long staff) {
            this(cidr, addresses, staff, 0, List.of());
        }

        /** The evidence in plain words, for the DPO deciding whether the range is the school's. */
        public String evidence() {
            String s = String.format(Locale.UK, "%d staff signed in from it within 15 minutes of logging on at a school "
                    + "computer", staff);
            if (logons > 0) {
                s += String.format(Locale.UK, " (%,d school-PC logon(s) coincided)", logons);
            }
            if (days.size() == 1) {
                s += ", on " + DAY.format(days.get(0));
            } else if (days.size() > 1 && days.size() <= 5) {
                s += ", on " + String.join(", ", days.stream().map(DAY::format).toList());
            } else if (days.size() > 5) {
                s += String.format(Locale.UK, ", on %d days between %s and %s", days.size(), DAY.format(days.get(0)),
                        DAY.format(days.get(days.size() - 1)));
            }
            return s;
        }
    }

    // as the dashboard's SchoolTime writes a day
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private SchoolNetworks() {
    }

    public static List<Suggestion> suggest(Connection c) throws SQLException {
        return suggest(c, ZoneOffset.UTC);
    }

    /** The suggestions, their days in the school's zone. */
    public static List<Suggestion> suggest(Connection c, ZoneId zone) throws SQLException {
        Map<String, java.util.Set<String>> staffByIp = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> logonsByIp = new LinkedHashMap<>();
        Map<String, java.util.Set<LocalDate>> daysByIp = new LinkedHashMap<>();
        long staffSigningIn;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT staff_id) FROM signins WHERE success AND staff_id "
                    + "IS NOT NULL")) {
                rs.next();
                staffSigningIn = rs.getLong(1);
            }
            // Each logon is keyed by the two 15-minute slots its window can reach, so the join pairs
            // a sign-in only with the same person's logons of its own slot or the one before, instead
            // of with every logon of theirs that year (status runs this: 3.2 s -> 0.9 s on a full
            // year, the same pairs).
            try (ResultSet rs = s.executeQuery("""
                    WITH logons AS (
                        SELECT event_id, staff_id, ts,
                               unnest([epoch_ms(ts) // 900000, epoch_ms(ts) // 900000 + 1]) AS slot
                        FROM logon_events
                        WHERE source = 'windows' AND kind = 'logon' AND interactive AND staff_id IS NOT NULL
                          AND coalesce(logon_type, 2) NOT IN (3, 5, 7)
                    )
                    SELECT s.ip, s.staff_id, w.event_id, min(w.ts) AS logon_ts
                    FROM signins s
                    JOIN logons w ON w.staff_id = s.staff_id AND w.slot = epoch_ms(s.ts) // 900000
                     AND s.ts >= w.ts AND s.ts <= w.ts + INTERVAL 15 MINUTE
                    WHERE s.success AND s.ip IS NOT NULL
                    GROUP BY s.ip, s.staff_id, w.event_id
                    ORDER BY s.ip, s.staff_id""")) {
                while (rs.next()) {
                    String ip = rs.getString(1);
                    staffByIp.computeIfAbsent(ip, k -> new java.util.TreeSet<>()).add(rs.getString(2));
                    logonsByIp.computeIfAbsent(ip, k -> new java.util.HashSet<>()).add(rs.getString(3));
                    daysByIp.computeIfAbsent(ip, k -> new java.util.TreeSet<>()).add(rs.getObject(4, LocalDateTime.class)
                            .atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDate());
                }
            }
        }
        long floor = Math.max(MIN_STAFF, (long) Math.ceil(staffSigningIn * 0.1));
        Map<String, List<String>> byPrefix = new TreeMap<>();
        Map<String, java.util.Set<String>> staffByPrefix = new TreeMap<>();
        Map<String, java.util.Set<String>> logonsByPrefix = new TreeMap<>();
        Map<String, java.util.Set<LocalDate>> daysByPrefix = new TreeMap<>();
        for (Map.Entry<String, java.util.Set<String>> e : staffByIp.entrySet()) {
            String ip = e.getKey();
            if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                continue;
            }
            String prefix = ip.substring(0, ip.lastIndexOf('.'));
            byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(ip);
            staffByPrefix.computeIfAbsent(prefix, k -> new java.util.TreeSet<>()).addAll(e.getValue());
            logonsByPrefix.computeIfAbsent(prefix, k -> new java.util.HashSet<>()).addAll(logonsByIp.get(ip));
            daysByPrefix.computeIfAbsent(prefix, k -> new java.util.TreeSet<>()).addAll(daysByIp.get(ip));
        }
        List<Suggestion> out = new ArrayList<>();
        byPrefix.forEach((prefix, ips) -> {
            long staff = staffByPrefix.get(prefix).size();
            if (staff >= floor) {
                List<String> inOrder = ips.stream().sorted(java.util.Comparator.comparingInt(
                        (String ip) -> Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)))).toList();
                out.add(new Suggestion(covering(prefix, ips), inOrder, staff, logonsByPrefix.get(prefix).size(),
                        List.copyOf(daysByPrefix.get(prefix))));
            }
        });
        return out;
    }

    /**
     * The suggestions the configured ranges do not already cover: a range is missing while any
     * address behind it is outside every configured range (the DPO may have configured a wider one).
     */
    public static List<Suggestion> missingFrom(List<Suggestion> suggestions, List<String> configured) {
        List<Cidr> ranges = configured.stream().map(c -> Cidr.parse(c, "networks.school")).toList();
        return suggestions.stream().filter(s -> !s.addresses().stream().allMatch(ip -> ranges.stream()
                .anyMatch(r -> r.contains(ip)))).toList();
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
