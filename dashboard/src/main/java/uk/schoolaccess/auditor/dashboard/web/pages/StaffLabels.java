package uk.schoolaccess.auditor.dashboard.web.pages;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Staff names redacted before a subject access answer is disclosed: each member of staff becomes
 * their role and a letter ("Teacher A", "Office B"), given in order of first access over the whole
 * look-up, so one person has one label on the page, the printout and the CSV whatever the filters.
 * Their id and login go too; an account nobody owns becomes "Unknown account A".
 */
final class StaffLabels {

    /** The role a label names, most specific first, for staff with several roles. */
    private static final List<String> ORDER = List.of("dsl", "deputy_dsl", "senco", "head_of_year", "slt", "welfare",
            "office", "it", "teacher");
    private static final Map<String, String> WORDS = Map.of("dsl", "Safeguarding lead", "deputy_dsl",
            "Deputy safeguarding lead", "senco", "SENCo", "head_of_year", "Head of year", "slt", "Senior leader",
            "welfare", "Welfare", "office", "Office", "it", "IT", "teacher", "Teacher");

    private StaffLabels() {
    }

    /** The role a person reads, from the roster's comma-separated roles ("Teacher"; "Staff" when none). */
    static String role(String roles) {
        if (roles == null || roles.isBlank()) {
            return "Staff";
        }
        List<String> all = List.of(roles.split(","));
        for (String r : ORDER) {
            if (all.contains(r)) {
                return WORDS.get(r);
            }
        }
        String first = all.get(0).replace('_', ' ');
        return Character.toUpperCase(first.charAt(0)) + first.substring(1);
    }

    /**
     * Replaces staff_id, staff_name, account and staff_key in each row (in time order) by the
     * person's label; the per-staff summary and the member filter then read the labels.
     */
    static void redact(List<Map<String, Object>> rows) {
        Map<String, String> labels = new HashMap<>();
        Map<String, Integer> perRole = new HashMap<>();
        for (Map<String, Object> r : rows) {
            String who = r.get("staff_id") != null ? "staff " + r.get("staff_id") : "account " + r.get("account");
            String role = r.get("staff_id") != null ? String.valueOf(r.get("role")) : "Unknown account";
            String label = labels.computeIfAbsent(who, k -> role + " " + letters(perRole.merge(role, 1, Integer::sum)));
            r.put("staff_key", r.get("staff_id") == null ? null : r.get("staff_id"));
            r.put("staff_id", label);
            r.put("staff_name", label);
            r.put("account", "");
        }
    }

    /** 1 = A, 26 = Z, 27 = AA: as many letters as the look-up needs. */
    static String letters(int n) {
        StringBuilder b = new StringBuilder();
        for (int k = n; k > 0; k = (k - 1) / 26) {
            b.insert(0, (char) ('A' + (k - 1) % 26));
        }
        return b.toString();
    }
}
