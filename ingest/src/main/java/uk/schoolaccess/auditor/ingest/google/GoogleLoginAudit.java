package uk.schoolaccess.auditor.ingest.google;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;
import uk.schoolaccess.auditor.ingest.time.ExportTimes;
import uk.schoolaccess.auditor.ingest.time.LocalTimeResolver;

/**
 * The rules of Google's login audit (FORMATS §2), once for both shapes a school can export.
 *
 * <ul>
 * <li>{@code login_success}: a successful sign-in. Multi-factor when a second factor shows:
 * a {@code login_verification} with {@code is_second_factor} true (and not failed) for the same
 * account at the same instant, as Google writes the pair, or more than one distinct method in
 * {@code login_challenge_method}. Otherwise, with {@code login_type} saml (or SAML as the only
 * method, as on a SAML re-authentication) the factors were checked at the identity provider and
 * cannot be judged here: auth_requirement stays NULL, never single-factor. Otherwise
 * single-factor, including a {@code reauth} that asked nothing ({@code none}).</li>
 * <li>{@code login_failure}: a failed attempt, error_code = {@code login_failure_type}.</li>
 * <li>{@code login_verification} and {@code login_challenge}: kept as sign-ins because they
 * say which challenge was asked and whether it was passed, but with auth_requirement NULL, so
 * they never count as sessions of their own: mfa_result reads "verification step: method,
 * second factor, status" and success is whether the challenge was passed.</li>
 * <li>{@code suspicious_login}: a sign-in with success NULL (Google reports the suspicion, not
 * the outcome) and mfa_result saying so.</li>
 * <li>{@code logout}: a logoff. {@code user_signed_out_due_to_suspicious_session_cookie}: a
 * logoff too (Google ended the session), and, because logon_events has no place for the
 * suspicion, a second event of the record in signins (success NULL) that keeps it.</li>
 * <li>Anything else ({@code passkey_enrolled}, {@code risky_sensitive_action_allowed}, ...) is
 * not a sign-in or a session end: ignored.</li>
 * </ul>
 *
 * <p>A success and its verification can sit anywhere in a file (exports are not in time order),
 * so a reader reads its file twice: a first pass only notes second factors, the second maps.
 */
final class GoogleLoginAudit {

    static final String SOURCE = "google";
    static final String APP = "Google Workspace";
    static final String AT_IDP = "checked at the identity provider (SAML)";

    private static final Pattern OFFSET = Pattern.compile(".*[T ]\\d{2}:\\d{2}.*([Zz]|[+-]\\d{2}:?\\d{2})$");

    private final ZoneId zone;
    private final Set<String> secondFactors;
    private final RowSink sink;
    private final LocalTimeResolver clock;
    private final boolean mapping;

    private GoogleLoginAudit(ZoneId zone, Set<String> secondFactors, RowSink sink, boolean mapping) {
        this.zone = zone;
        this.secondFactors = secondFactors;
        this.sink = sink;
        this.clock = new LocalTimeResolver(zone);
        this.mapping = mapping;
    }

    /** The first pass: notes second factors, stores nothing. */
    static GoogleLoginAudit firstPass(ReadContext context) {
        return new GoogleLoginAudit(context.zoneOf(SOURCE), new HashSet<>(), Unrecorded.SINK, false);
    }

    /** The second pass, knowing the first pass's second factors. */
    GoogleLoginAudit secondPass(RowSink to) {
        return new GoogleLoginAudit(zone, secondFactors, to, true);
    }

    /** Where this pass's loop sends quarantined records. */
    RowSink sink() {
        return sink;
    }

    /**
     * A time as the export wrote it. With Z or an offset (the API, {@code IdTime}), or in a
     * column named "[UTC]", it is UTC; an admin console shows times in the admin's zone without
     * saying so, and only such zone-less times are read in Google's configured zone.
     */
    Instant time(String value, String column, Origin origin) {
        if (value == null || value.isBlank()) {
            throw new RowRejected("missing time in '" + column + "'");
        }
        String v = value.strip();
        if (column.toUpperCase(Locale.ROOT).contains("[UTC]") || OFFSET.matcher(v).matches()) {
            return ExportTimes.utc(v, column);
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(v.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new RowRejected("unparsable time in '" + column + "' " + CellShape.found(v));
        }
        LocalTimeResolver.Resolved r = clock.resolve(local);
        if (r.ambiguous()) {
            sink.ambiguousTime(origin);
        }
        return r.instant();
    }

    /**
     * The events of one record. Every event is mapped before any is sent, so a record with one
     * bad event is quarantined whole rather than half stored.
     */
    void record(List<GoogleLoginEvent> events, Origin origin) {
        if (!mapping) {
            events.forEach(this::noteSecondFactor);
            return;
        }
        List<Output> out = new ArrayList<>();
        for (GoogleLoginEvent e : events) {
            map(e, out);
        }
        if (out.isEmpty()) {
            sink.ignored(origin);
            return;
        }
        for (int i = 0; i < out.size(); i++) {
            out.get(i).send(sink, origin.part(i));
        }
    }

    @FunctionalInterface
    private interface Output {
        void send(RowSink sink, Origin origin);
    }

    private void noteSecondFactor(GoogleLoginEvent e) {
        if ("login_verification".equals(e.name()) && Boolean.TRUE.equals(flag(e, "is_second_factor"))
                && passed(text(e, "login_challenge_status"))) {
            secondFactors.add(key(e));
        }
    }

    private void map(GoogleLoginEvent e, List<Output> out) {
        List<String> methods = methods(e);
        String loginType = text(e, "login_type");
        switch (e.name()) {
            case "login_success" -> {
                String requirement;
                String result;
                if (distinctFactors(methods) > 1) {
                    requirement = "multi_factor";
                    result = describe(methods);
                } else if (secondFactors.contains(key(e))) {
                    requirement = "multi_factor";
                    result = describe(methods) + "; second factor verified (login_verification)";
                } else if ("saml".equalsIgnoreCase(loginType) || methods.equals(List.of("saml"))) {
                    requirement = null;
                    result = AT_IDP;
                } else {
                    requirement = "single_factor";
                    result = describe(methods);
                }
                SigninRow row = signin(e, loginType, requirement, suspicious(e, result), true, null);
                out.add((s, o) -> s.signin(o, row));
            }
            case "login_failure" -> {
                String type = text(e, "login_failure_type");
                SigninRow row = signin(e, loginType, null, suspicious(e, describe(methods)), false,
                        type == null ? "login_failure" : type);
                out.add((s, o) -> s.signin(o, row));
            }
            case "login_verification", "login_challenge" -> {
                String status = text(e, "login_challenge_status");
                Boolean second = flag(e, "is_second_factor");
                String result = e.name().substring("login_".length()) + " step: " + describe(methods)
                        + (Boolean.TRUE.equals(second) ? ", second factor" : "")
                        + (status == null ? "" : ", " + status);
                boolean ok = passed(status);
                SigninRow row = signin(e, loginType, null, result, ok, ok ? null : status);
                out.add((s, o) -> s.signin(o, row));
            }
            case "suspicious_login" -> {
                SigninRow row = signin(e, loginType, null, "suspicious login reported by Google; methods: "
                        + describe(methods), null, null);
                out.add((s, o) -> s.signin(o, row));
            }
            case "logout" -> out.add((s, o) -> s.logonEvent(o, logoff(e)));
            case "user_signed_out_due_to_suspicious_session_cookie" -> {
                LogonEventRow end = logoff(e);
                SigninRow flagged = signin(e, loginType, null,
                        "signed out by Google: suspicious session cookie", null, null);
                out.add((s, o) -> s.logonEvent(o, end));
                out.add((s, o) -> s.signin(o, flagged));
            }
            default -> {
                // passkey enrolment, risky actions and the like: not a sign-in, not a session end
            }
        }
    }

    private static SigninRow signin(GoogleLoginEvent e, String loginType, String requirement, String result,
                                    Boolean success, String errorCode) {
        return new SigninRow(SOURCE, e.ts(), e.account(), APP, e.ip(), e.country(), null, null, null, null, null,
                loginType, requirement, result, success, errorCode, null, null, null, null);
    }

    private static LogonEventRow logoff(GoogleLoginEvent e) {
        return new LogonEventRow(SOURCE, e.ts(), e.account(), null, null, "logoff", null, e.ip(), null, true, null);
    }

    private static String suspicious(GoogleLoginEvent e, String result) {
        return Boolean.TRUE.equals(flag(e, "is_suspicious")) ? result + "; flagged as suspicious by Google" : result;
    }

    /** Same account, same instant: how Google writes a login and its 2-Step Verification. */
    private static String key(GoogleLoginEvent e) {
        return e.account().toLowerCase(Locale.ROOT) + '\u0001' + e.ts();
    }

    private static boolean passed(String status) {
        return status == null || status.toLowerCase(Locale.ROOT).contains("passed");
    }

    /** "none" is Google saying nothing was asked; it is not a factor. */
    private static long distinctFactors(List<String> methods) {
        return methods.stream().filter(m -> !"none".equals(m)).distinct().count();
    }

    private static String describe(List<String> methods) {
        return methods.isEmpty() ? "no challenge method recorded" : String.join(" + ", new LinkedHashSet<>(methods));
    }

    /** A parameter as text: value or intValue (a string in the API), or the JSON scalar. */
    static String text(GoogleLoginEvent e, String name) {
        JsonNode v = e.params().get(name);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    /** boolValue, or TRUE/FALSE as the Sentinel connector writes it. */
    static Boolean flag(GoogleLoginEvent e, String name) {
        JsonNode v = e.params().get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return switch (v.asText().strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "" -> null;
            default -> throw new RowRejected("parameter '" + name + "' is not true/false " + CellShape.found(v.asText()));
        };
    }

    /** login_challenge_method: one value or a multiValue list. */
    static List<String> methods(GoogleLoginEvent e) {
        JsonNode v = e.params().get("login_challenge_method");
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(m -> {
                if (!m.asText().isBlank()) {
                    out.add(m.asText().strip().toLowerCase(Locale.ROOT));
                }
            });
        } else if (!v.asText().isBlank()) {
            out.add(v.asText().strip().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
