package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rows of the Entra admin-centre sign-in "Download" CSV (FORMATS §1a). The header is Microsoft's,
 * odd spacing and the repeated "Incoming token type" included, because readers must cope with it.
 */
final class EntraSignIns {
    static final List<String> HEADER = List.of("Date (UTC)", "Request ID", "User agent", "Correlation ID", "User ID",
            "User", "Username", "User type", "Cross tenant access type", "Incoming token type", "Authentication Protocol",
            "Unique token identifier", "Original transfer method", "Client credential type",
            "Token Protection - Sign In Session", "Token Protection - Sign In Session StatusCode", "Application",
            "Application ID ", "Resource", "Resource ID ", "Resource tenant ID", "Home tenant ID", "Home tenant name",
            "IP address", "Location", "Status", "Sign-in error code", "Failure reason", "Client app", "Device ID",
            "Browser", "Operating System", "Compliant", "Managed", "Join Type", "Multifactor authentication result",
            "Multifactor authentication auth method", "Multifactor authentication auth detail",
            "Authentication requirement", "Sign-in identifier", "Session ID", "IP address (seen by resource)",
            "Through Global Secure Access", "Global Secure Access IP address", "Autonomous system  number",
            "Flagged for review", "Token issuer type", "Incoming token type", "Token issuer name", "Latency",
            "Conditional Access", "Managed Identity type", "Associated Resource Id", "Federated Token Id",
            "Federated Token Issuer");
    static final String TENANT_ID = "6f1c2e1a-0b7d-4c8e-9a55-3d1f2b7c9e40";
    static final String BY_CLAIM = "MFA requirement satisfied by claim in the token";
    static final String COMPLETED = "MFA successfully completed";

    private final WeeklyLog log;
    private final SplittableRandom rnd;

    EntraSignIns(WeeklyLog log, SplittableRandom rnd) {
        this.log = log;
        this.rnd = rnd;
    }

    /** A successful single-factor sign-in; adjust it with the methods on {@link SignIn}, then {@link #write}. */
    SignIn at(Instant time, StaffMember who, EntraApp app, Origin origin, Device device, String sessionId) {
        return new SignIn(time, who, app, origin, device, sessionId);
    }

    String newSession() {
        return Ids.guid(rnd);
    }

    void write(SignIn s) {
        boolean ok = s.errorCode == 0;
        Device d = s.device;
        String ip = s.origin.ip();
        log.add(s.time, Csv.line(SchoolClock.utcSeconds(s.time), Ids.guid(rnd), d.userAgent(), Ids.guid(rnd),
                s.who.entraUserId(), s.who.displayName(), s.who.logins().email(), "Member", "None", "None", "None",
                token(), "None", "None", "", "", s.app.displayName, s.app.appId, s.app.resource, s.app.resourceId,
                TENANT_ID, TENANT_ID, "Northfield School", ip, s.origin.place().location(), s.status,
                Integer.toString(s.errorCode), s.failureReason, d.clientApp(), d.deviceId(), d.browser(),
                d.operatingSystem(), d.compliant() ? "Yes" : "No", d.managed() ? "Yes" : "No", d.joinType(),
                s.mfaResult, s.mfaMethod, s.mfaDetail, s.mfa ? "multiFactorAuthentication" : "singleFactorAuthentication",
                s.who.logins().email(), s.sessionId, ip, "No", "", Integer.toString(s.origin.asn()), "No", "AzureAD",
                "None", "", Integer.toString(40 + rnd.nextInt(900)),
                s.mfa && ok ? "Success" : ok ? "Not Applied" : "Failure", "", "", "", ""));
    }

    private String token() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder sb = new StringBuilder(22);
        for (int i = 0; i < 22; i++) sb.append(alphabet.charAt(rnd.nextInt(64)));
        return sb.toString();
    }

    /** One sign-in being described; starts as a successful single-factor sign-in. */
    static final class SignIn {
        final Instant time;
        final StaffMember who;
        final EntraApp app;
        final Origin origin;
        final Device device;
        final String sessionId;
        boolean mfa;
        String mfaResult = "";
        String mfaMethod = "";
        String mfaDetail = "";
        String status = "Success";
        int errorCode;
        String failureReason = "";

        SignIn(Instant time, StaffMember who, EntraApp app, Origin origin, Device device, String sessionId) {
            this.time = time;
            this.who = who;
            this.app = app;
            this.origin = origin;
            this.device = device;
            this.sessionId = sessionId;
        }

        /** The second factor was proved just now, with the Authenticator app. */
        SignIn mfaCompleted() {
            mfa = true;
            mfaResult = COMPLETED;
            mfaMethod = "Mobile app notification";
            mfaDetail = "Notification approved";
            return this;
        }

        /** The second factor was proved earlier in this session: still a multi-factor sign-in. */
        SignIn mfaByClaim() {
            mfa = true;
            mfaResult = BY_CLAIM;
            return this;
        }

        /** Password only; Entra notes a first factor satisfied earlier in the session. */
        SignIn previouslySatisfied() {
            mfaResult = "";
            mfaMethod = "Previously satisfied";
            return this;
        }

        /** Stopped to ask for the second factor; the person then completes MFA in a new attempt. */
        SignIn interrupted() {
            status = "Interrupted";
            errorCode = 50074;
            failureReason = "Strong Authentication is required.";
            return this;
        }

        SignIn failed(int code, String reason) {
            status = "Failure";
            errorCode = code;
            failureReason = reason;
            return this;
        }
    }
}
