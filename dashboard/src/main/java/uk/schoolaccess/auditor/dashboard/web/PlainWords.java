package uk.schoolaccess.auditor.dashboard.web;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import uk.schoolaccess.auditor.analytics.detect.DetectorInfo;
import uk.schoolaccess.auditor.analytics.detect.Detectors;

/**
 * What a DPO who is not technical reads instead of the auditor's own words: detector ids
 * ({@code out_of_role_access}), clause ids ({@code ACC-1}) and statistics ("Poisson upper tail,
 * Benjamini-Hochberg") become plain English. The statistics are still shown, behind "How this
 * was judged"; this class only writes the sentences a person reads first. A detector added
 * later without words here is named by its own title ({@link DetectorInfo#title()}).
 */
public final class PlainWords {

    /**
     * The label, in SQL over logon_events' {@code source}, of a system's own login records beside
     * the sign-ins to it: "SIMS (its own login log)", not the source id "sims logins".
     */
    public static final String OWN_LOGINS_LABEL = "CASE source WHEN 'sims' THEN 'SIMS' WHEN 'cpoms' THEN 'CPOMS' "
            + "WHEN 'myconcern' THEN 'MyConcern' WHEN 'arbor' THEN 'Arbor' WHEN 'scholarpack' THEN 'ScholarPack' "
            + "ELSE source END || ' (its own login log)'";

    private static final Map<String, String> DETECTORS = Map.of(
            "out_of_role_access", "Records opened with no reason recorded",
            "bulk_export", "Large exports and prints",
            "shared_credentials", "Logins that look shared",
            "leaver_account", "Leavers' accounts still in use",
            "stale_privileged_password", "Higher-level passwords not changed this term",
            "missing_logout", "Sessions left open",
            "non_mfa_session", "Sign-ins without a second factor (MFA)",
            "unapproved_access_path", "Access from unmanaged devices outside school");

    private static final Map<String, String> CLAUSES = Map.ofEntries(
            Map.entry("CRED-1", "Never share a login"),
            Map.entry("CRED-2", "No use of school logins after leaving"),
            Map.entry("CRED-3", "Change higher-level passwords every term"),
            Map.entry("SESS-1", "Log out after each session"),
            Map.entry("SESS-2", "Lock the screen when leaving the computer"),
            Map.entry("MFA-1", "Use a second factor (MFA) for the MIS"),
            Map.entry("MFA-2", "Use a second factor (MFA) for safeguarding systems"),
            Map.entry("ACC-1", "Open pupils' records only for school purposes"),
            Map.entry("ACC-2", "No unnecessary browsing of safeguarding records"),
            Map.entry("DATA-1", "Personal data only on approved devices and routes"),
            Map.entry("DATA-2", "No large downloads without permission"));

    private PlainWords() {
    }

    /** A detector as a heading or filter option: "Sessions left open". */
    public static String detector(String id) {
        if (id == null) {
            return "";
        }
        String words = DETECTORS.get(id);
        if (words != null) {
            return words;
        }
        return Detectors.byId(id).map(d -> d.info().title()).orElseGet(() -> {
            String s = id.replace('_', ' ');
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        });
    }

    /** A clause as a person reads it: "Log out after each session (SESS-1)". */
    public static String clause(String id) {
        if (id == null || id.isBlank()) {
            return "";
        }
        String words = CLAUSES.get(id);
        return words == null ? id : words + " (" + id + ")";
    }

    /** One finding's title, from what it found rather than which detector found it. */
    public static String title(String detector, String clause, JsonNode facts) {
        JsonNode f = facts == null ? MissingNode.getInstance() : facts;
        String rule = f.path("rule").asText("");
        if (detector == null) {
            return "Finding";
        }
        return switch (detector) {
            case "out_of_role_access" -> "ACC-2".equals(clause)
                    ? f.path("curiosity_cluster").size() > 0
                            ? "Opened a safeguarding incident they had no part in, as several other staff did"
                            : "Opened a safeguarding incident they had no part in"
                    : rule.contains("family_key") ? "Opened the records of a pupil in their own family"
                    : "Opened pupils' records with no reason recorded";
            case "bulk_export" -> "Exported or printed many records at once";
            case "shared_credentials" -> rule.equals("spread") ? "Signed in from many different places in one day"
                    : rule.contains("impossible travel") ? "Signed in from two places too far apart to travel between"
                    : rule.contains("two computers") ? "Logged in on two computers at the same time"
                    : rule.contains("off-site") ? "Signed in from outside school while using the MIS in school"
                    : "Login that looks shared";
            case "leaver_account" -> "Account used after the person left";
            case "stale_privileged_password" -> "Higher-level password not changed this term";
            case "missing_logout" -> "SESS-2".equals(clause) || f.path("exposed").asBoolean(false)
                    ? "Left a computer unlocked, and someone else logged on"
                    : "Did not log out";
            case "non_mfa_session" -> "Signed in without a second factor (MFA)";
            case "unapproved_access_path" -> "Reached school systems from an unmanaged device outside school";
            default -> detector(detector);
        };
    }

    /**
     * Why this severity, in words that cannot contradict the statistics: a finding rated high for
     * what happened (someone else used an unlocked computer) says so, instead of leaving the
     * reader to square "high" with a count below a threshold.
     */
    public static String severityReason(String detector, String severity, JsonNode evidence) {
        JsonNode facts = evidence.path("facts");
        JsonNode details = evidence.path("baseline").path("details");
        if ("missing_logout".equals(detector)) {
            boolean exposed = facts.path("exposed").asBoolean(false);
            boolean windows = "windows".equals(facts.path("source").asText());
            String base = exposed ? "someone else logged on to the computer while this session was open and unlocked"
                    : windows ? "a Windows session was never logged off" : "a session in the MIS or CPOMS had no logout";
            boolean repeat = details.path("repeat_offender").asBoolean(false);
            return "Rated " + severity + " because " + base
                    + (repeat ? ", raised one level because they often leave sessions open." : ".");
        }
        String rule = Detectors.byId(detector).map(d -> "How severity is decided: " + d.info().severityRule() + ".")
                .orElse("");
        if (facts.path("learning").asBoolean(false)) {
            // A person with little history is judged against a baseline still being learned: the
            // detector capped this finding, which the general rule alone does not say.
            String history = "";
            for (JsonNode e : facts.path("evidence")) {
                if (e.asText().startsWith("learning: ")) {
                    history = " (" + e.asText().substring("learning: ".length()) + ")";
                }
            }
            return "Rated " + severity + ": while this person's usual is still being learned" + history
                    + ", a finding is rated medium at most. " + rule;
        }
        return rule;
    }

    /**
     * One sentence a person can check against their own sense of normal: "Harry usually opens 0.0
     * records a day that nothing explains; teachers 0.1; on Fri 25 Sep 2026 he opened 13."
     * Null when the finding has no baseline (a rule broken, not an unusual amount).
     */
    public static String baseline(String detector, String person, String day, JsonNode evidence) {
        JsonNode b = evidence.path("baseline");
        if (b.isMissingNode() || b.isNull()) {
            return null;
        }
        JsonNode d = b.path("details");
        String who = person == null || person.isBlank() ? "This person" : person;
        String peers = b.path("peer_group").asText("their peers");
        double value = b.path("value").asDouble();
        double threshold = b.path("threshold").asDouble();
        String facts = evidence.path("facts").path("rule").asText("");
        if ("out_of_role_access".equals(detector) && d.has("own_mean")) {
            return String.format(Locale.UK, "%s usually opens %s pupils' records a day that nothing explains; %s "
                    + "staff %s; on %s they opened %s.", who, num(d.path("own_mean").asDouble()), peers,
                    num(d.path("peer_mean").asDouble()), day, num(value));
        }
        if ("shared_credentials".equals(detector) && "spread".equals(facts) && d.has("own_mean")) {
            return String.format(Locale.UK, "%s's login usually signs in from %s different addresses a day; %s staff "
                    + "%s; on %s it signed in from %s.", who, num(d.path("own_mean").asDouble()), peers,
                    num(d.path("peer_mean").asDouble()), day, num(value));
        }
        if ("missing_logout".equals(detector)) {
            boolean repeat = d.path("repeat_offender").asBoolean(false);
            return String.format(Locale.UK, "%s left %s session(s) open in the %s; %s staff average %s. %s", who,
                    num(value), b.path("window").asText("baseline window"), peers, num(d.path("peer_mean").asDouble()),
                    repeat ? "That is often enough, and far enough above their peers, to count as a habit."
                            : "That is not a habit: it takes at least " + num(threshold)
                                    + ", well above their peers, to count as one.");
        }
        if ("bulk_export".equals(detector)) {
            return String.format(Locale.UK, "This export covered %s records; for %s an export counts as unusual "
                    + "above %s (their own and %s staff's usual sizes).", num(value), who, num(threshold), peers);
        }
        return String.format(Locale.UK, "Seen %s, where anything above %s is unusual for %s (compared with %s staff).",
                num(value), num(threshold), who, peers);
    }

    /** 13, 0.1, 2.5: whole numbers without a decimal point. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.UK, "%.1f", v);
    }
}
