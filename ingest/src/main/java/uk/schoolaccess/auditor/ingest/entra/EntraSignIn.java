package uk.schoolaccess.auditor.ingest.entra;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.json.JsonInput;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;
import uk.schoolaccess.auditor.ingest.time.ExportTimes;

/**
 * One Entra ID sign-in, whichever of the four export shapes it came from, and the rules that
 * turn it into a {@code signins} row. Each reader fills in what its shape carries; the MFA
 * rule, the success rule and the reading of Entra's flags, locations and JSON details live
 * here once, so the shapes cannot drift apart.
 *
 * <p>The MFA rule (FORMATS §1): {@code auth_requirement} is what Entra required,
 * {@code multi_factor} or {@code single_factor}, and {@code success} is whether the sign-in
 * went through (error code 0). A sign-in counts as MFA when it succeeded with a multi-factor
 * requirement, however the factor was proved: "MFA requirement satisfied by claim in the token"
 * means it was proved earlier in the same session, and is still MFA. A successful
 * single-factor sign-in stays single-factor even when its first factor reads "Previously
 * satisfied". A failed sign-in keeps its requirement but stays {@code success = false}: it is an
 * attempt, never a session, whatever its requirement says.
 */
final class EntraSignIn {

    static final String SOURCE = "entra";
    static final String SINGLE_FACTOR = "single_factor";
    static final String MULTI_FACTOR = "multi_factor";

    Instant ts;
    String account;
    String app;
    String ip;
    String country;
    String city;
    Double lat;
    Double lon;
    String deviceId;
    String deviceName;
    String clientApp;
    String authRequirement;
    String mfaResult;
    String errorCode;
    Boolean success;
    String sessionId;
    String userAgent;
    Boolean deviceCompliant;
    Boolean deviceManaged;

    SigninRow toRow() {
        if (success == null) {
            throw new RowRejected("no sign-in error code or status");
        }
        return new SigninRow(SOURCE, ts, account, app, ip, country, city, lat, lon, deviceId, deviceName, clientApp,
                authRequirement, mfaResult, success, errorCode, sessionId, userAgent, deviceCompliant, deviceManaged);
    }

    /** Whether this sign-in counts as MFA under the rule above: what the analytics read. */
    boolean countsAsMfa() {
        return Boolean.TRUE.equals(success) && MULTI_FACTOR.equals(authRequirement);
    }

    // ---- the MFA and success rules ----------------------------------------------------------

    /** Compiled once: these run on every sign-in row. */
    private static final java.util.regex.Pattern WHOLE_NUMBER = java.util.regex.Pattern.compile("-?\\d+");
    private static final java.util.regex.Pattern NOT_LETTERS = java.util.regex.Pattern.compile("[^a-z]");

    /**
     * Stores Entra's requirement as {@code single_factor} / {@code multi_factor}. Spelling
     * varies by shape ("multiFactorAuthentication", "Multifactor authentication",
     * "Multi-factor authentication"), so only the letters are compared.
     */
    void requirement(String value, String column) {
        if (value == null || value.isBlank()) {
            authRequirement = null;
            return;
        }
        authRequirement = switch (NOT_LETTERS.matcher(value.toLowerCase(Locale.ROOT)).replaceAll("")) {
            case "singlefactorauthentication", "singlefactor" -> SINGLE_FACTOR;
            case "multifactorauthentication", "multifactor" -> MULTI_FACTOR;
            default -> throw new RowRejected("unknown authentication requirement in '" + column + "' " + CellShape.found(value));
        };
    }

    /**
     * The error code decides: 0 is success, anything else an attempt that did not get in
     * (50074 "Strong Authentication is required" is Interrupted, not success). Older admin
     * downloads without an error code column fall back to Status.
     */
    void outcome(String code, String status, String codeColumn, String statusColumn) {
        if (code != null && !code.isBlank()) {
            String c = code.strip();
            if (!WHOLE_NUMBER.matcher(c).matches()) {
                throw new RowRejected("not an error code in '" + codeColumn + "' " + CellShape.found(c));
            }
            errorCode = c;
            success = "0".equals(errorCode);
            return;
        }
        if (status == null || status.isBlank()) {
            return;
        }
        success = switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "success" -> Boolean.TRUE;
            case "failure", "interrupted" -> Boolean.FALSE;
            default -> throw new RowRejected("unknown status in '" + statusColumn + "' " + CellShape.found(status.strip()));
        };
        errorCode = success ? "0" : null;
    }

    // ---- values as Entra writes them --------------------------------------------------------

    /** Yes/No (admin centre), TRUE/FALSE (Log Analytics), true/false (Graph); null when blank. */
    static Boolean flag(String value, String column) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1" -> Boolean.TRUE;
            case "no", "false", "0" -> Boolean.FALSE;
            default -> throw new RowRejected("not a yes/no value in '" + column + "' " + CellShape.found(value.strip()));
        };
    }

    static Boolean flag(JsonNode node, String field) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isBoolean() ? Boolean.valueOf(node.booleanValue()) : flag(node.asText(), field);
    }

    /**
     * The admin centre's one-string Location, "City, Region, CC": the city comes first and the
     * two-letter country last; a location Entra could not place further is just "GB".
     */
    void location(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        String[] parts = text.split(",");
        country = blankToNull(parts[parts.length - 1]);
        city = parts.length > 1 ? blankToNull(parts[0]) : null;
    }

    // ---- Graph-shaped JSON: Graph itself, Azure Monitor's properties, Log Analytics' dynamic cells

    /** Parses one Log Analytics JSON cell; a blank cell reads as missing, so every lookup in it finds nothing. */
    static JsonNode jsonCell(String text, String column) {
        if (text == null || text.isBlank()) {
            return JsonInput.MAPPER.missingNode();
        }
        try {
            return JsonInput.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RowRejected("not valid JSON in '" + column + "'");
        }
    }

    /** A Graph {@code signIn} object as Graph returns it. */
    void graph(JsonNode s) {
        graph(s, JsonInput.MAPPER.missingNode());
    }

    /**
     * A Graph {@code signIn} object inside an Azure Monitor record: the envelope's time,
     * callerIpAddress and resultType stand in for whatever the properties leave out.
     */
    void graph(JsonNode s, JsonNode envelope) {
        String created = text(s, "createdDateTime");
        ts = created != null ? ExportTimes.utc(created, "createdDateTime")
                : ExportTimes.utc(text(envelope, "time"), envelope.isMissingNode() ? "createdDateTime" : "time");
        account = required(s, "userPrincipalName");
        app = text(s, "appDisplayName");
        ip = firstOf(text(s, "ipAddress"), text(envelope, "callerIpAddress"));
        clientApp = text(s, "clientAppUsed");
        requirement(text(s, "authenticationRequirement"), "authenticationRequirement");
        sessionId = text(s, "sessionId");
        userAgent = text(s, "userAgent");
        deviceDetail(s.path("deviceDetail"), "deviceDetail");
        locationDetail(s.path("location"), "location");
        status(s.path("status"), "status");
        if (success == null) {
            outcome(text(envelope, "resultType"), null, "resultType", "resultType");
        }
        mfaResult(s.path("status"), s.path("authenticationDetails"));
    }

    void deviceDetail(JsonNode d, String column) {
        deviceId = text(d, "deviceId");
        deviceName = text(d, "displayName");
        deviceCompliant = flag(d.path("isCompliant"), column + ".isCompliant");
        deviceManaged = flag(d.path("isManaged"), column + ".isManaged");
    }

    void locationDetail(JsonNode l, String column) {
        city = text(l, "city");
        country = text(l, "countryOrRegion");
        JsonNode geo = l.path("geoCoordinates");
        lat = number(geo.path("latitude"), column + ".geoCoordinates.latitude");
        lon = number(geo.path("longitude"), column + ".geoCoordinates.longitude");
    }

    /** Graph's status object: {@code errorCode} 0 on success. */
    void status(JsonNode st, String column) {
        JsonNode code = st.path("errorCode");
        outcome(code.isMissingNode() || code.isNull() ? null : code.asText(), null, column + ".errorCode",
                column);
    }

    /**
     * The MFA result text, as the admin centre's "Multifactor authentication result" shows it:
     * the outcome of the multi-factor step when there was one ("MFA successfully completed"),
     * otherwise Entra's note on the status when it is about MFA ("MFA requirement satisfied by
     * claim in the token"). Primary-authentication steps ("First factor requirement satisfied
     * by claim in the token") are not MFA results and are left out.
     */
    void mfaResult(JsonNode status, JsonNode steps) {
        String fromSteps = null;
        for (JsonNode step : steps) {
            String requirement = text(step, "authenticationStepRequirement");
            if (requirement != null && !requirement.toLowerCase(Locale.ROOT).startsWith("primary")) {
                String detail = text(step, "authenticationStepResultDetail");
                fromSteps = detail != null ? detail : fromSteps;
            }
        }
        String note = text(status, "additionalDetails");
        if (fromSteps != null) {
            mfaResult = fromSteps;
        } else if (note != null && note.toUpperCase(Locale.ROOT).contains("MFA")) {
            mfaResult = note;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() ? blankToNull(v.asText()) : null;
    }

    static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            throw new RowRejected("missing value in '" + field + "'");
        }
        return v;
    }

    private static Double number(JsonNode v, String field) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        String t = v.isValueNode() ? blankToNull(v.asText()) : null;
        try {
            return t == null ? null : Double.valueOf(t);
        } catch (NumberFormatException e) {
            throw new RowRejected("not a number in '" + field + "' " + CellShape.found(t));
        }
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }

    static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
