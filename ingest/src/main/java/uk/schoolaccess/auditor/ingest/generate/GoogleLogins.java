package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.SplittableRandom;

/** Activities of the Google Workspace Reports API login application (FORMATS §2a), UTC times. */
final class GoogleLogins {
    static final String CUSTOMER_ID = "C03az79cb";

    private final WeeklyLog log;
    private final SplittableRandom rnd;

    GoogleLogins(WeeklyLog log, SplittableRandom rnd) {
        this.log = log;
        this.rnd = rnd;
    }

    /** login_type saml means Entra checked the factors; google_password means Google did. */
    void success(Instant t, StaffMember s, String ip, String loginType, String... methods) {
        write(t, s, ip, "login_success", Json.array(
                param("login_type", loginType),
                Json.object().str("name", "login_challenge_method").raw("multiValue", Json.strings(methods)).end(),
                Json.object().str("name", "is_suspicious").bool("boolValue", false).end(),
                param("login_timestamp", micros(t))));
    }

    /** The 2-Step Verification step of a google_password login. */
    void verification(Instant t, StaffMember s, String ip, String method) {
        write(t, s, ip, "login_verification", Json.array(
                param("login_type", "google_password"),
                param("login_challenge_method", method),
                Json.object().str("name", "is_second_factor").bool("boolValue", true).end(),
                param("login_timestamp", micros(t))));
    }

    void failure(Instant t, StaffMember s, String ip) {
        write(t, s, ip, "login_failure", Json.array(
                param("login_type", "google_password"),
                Json.object().str("name", "login_challenge_method").raw("multiValue", Json.strings("password")).end(),
                param("login_failure_type", "login_failure_invalid_password"),
                param("login_timestamp", micros(t))));
    }

    void logout(Instant t, StaffMember s, String ip) {
        write(t, s, ip, "logout", Json.array(param("login_type", "google_password")));
    }

    private void write(Instant second, StaffMember s, String ip, String event, String parameters) {
        // The API reports milliseconds; the simulated day works in whole seconds.
        Instant t = second.plusMillis(rnd.nextInt(1000));
        String id = Json.object().str("time", SchoolClock.utcMillis(t)).str("uniqueQualifier", Long.toString(rnd.nextLong()))
                .str("applicationName", "login").str("customerId", CUSTOMER_ID).end();
        String actor = Json.object().str("email", s.logins().google()).str("profileId", profileId(s)).end();
        String events = Json.array(Json.object().str("type", "login").str("name", event).raw("parameters", parameters).end());
        log.add(t, Json.object().str("kind", "admin#reports#activity").raw("id", id).raw("actor", actor)
                .str("ipAddress", ip).raw("events", events).end());
    }

    private static String param(String name, String value) {
        return Json.object().str("name", name).str("value", value).end();
    }

    private static String micros(Instant t) {
        return Long.toString(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
    }

    /** Google's numeric profile id, stable per person. */
    static String profileId(StaffMember s) {
        return "1" + String.format("%020d", Long.remainderUnsigned(Ids.mix(s.id().hashCode(), 7), 100_000_000_000_000_000L));
    }
}
