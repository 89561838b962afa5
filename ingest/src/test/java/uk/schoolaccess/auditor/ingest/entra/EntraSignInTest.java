package uk.schoolaccess.auditor.ingest.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.json.JsonInput;

/** The MFA rule and Entra's value formats, once; each reader's test checks them on its shape. */
class EntraSignInTest {

    private static EntraSignIn signIn(String requirement, String errorCode) {
        EntraSignIn s = new EntraSignIn();
        s.ts = Instant.parse("2026-09-14T07:52:30Z");
        s.account = "a.carter@northfield.sch.uk";
        s.requirement(requirement, "Authentication requirement");
        s.outcome(errorCode, null, "Sign-in error code", "Status");
        return s;
    }

    @Test
    void counts_a_successful_multi_factor_sign_in_as_mfa_when_a_claim_in_the_token_satisfied_it() {
        EntraSignIn s = signIn("multiFactorAuthentication", "0");
        s.mfaResult = "MFA requirement satisfied by claim in the token";
        assertTrue(s.countsAsMfa());
        assertEquals("multi_factor", s.toRow().authRequirement());
        assertEquals("MFA requirement satisfied by claim in the token", s.toRow().mfaResult());
    }

    @Test
    void keeps_a_successful_single_factor_sign_in_single_factor_when_its_first_factor_was_previously_satisfied() {
        EntraSignIn s = signIn("singleFactorAuthentication", "0");
        s.mfaResult(JsonInput.MAPPER.createObjectNode(), json("[{\"authenticationMethod\":\"Previously satisfied\","
                + "\"authenticationStepResultDetail\":\"First factor requirement satisfied by claim in the token\","
                + "\"authenticationStepRequirement\":\"Primary authentication\"}]"));
        assertFalse(s.countsAsMfa());
        assertEquals("single_factor", s.toRow().authRequirement());
        assertNull(s.toRow().mfaResult(), "a first-factor note is not an MFA result");
    }

    @Test
    void keeps_a_failed_multi_factor_attempt_unsuccessful_with_its_requirement_and_code() {
        EntraSignIn s = signIn("multiFactorAuthentication", "50074");
        assertFalse(s.countsAsMfa());
        assertEquals(false, s.toRow().success());
        assertEquals("multi_factor", s.toRow().authRequirement());
        assertEquals("50074", s.toRow().errorCode());
    }

    @Test
    void reads_the_requirement_however_a_shape_spells_it() {
        assertEquals("multi_factor", signIn("Multifactor authentication", "0").authRequirement);
        assertEquals("multi_factor", signIn("Multi-factor authentication", "0").authRequirement);
        assertEquals("single_factor", signIn("Single-factor authentication", "0").authRequirement);
        assertNull(signIn("", "0").authRequirement, "older exports may not say");
        RowRejected e = assertThrows(RowRejected.class, () -> signIn("passwordless", "0"));
        assertEquals("unknown authentication requirement in 'Authentication requirement' (found 12 characters: letters)", e.getMessage());
    }

    @Test
    void takes_the_outcome_from_status_when_an_older_download_has_no_error_code() {
        EntraSignIn ok = new EntraSignIn();
        ok.outcome(null, "Success", "Sign-in error code", "Status");
        assertEquals(true, ok.success);
        assertEquals("0", ok.errorCode);
        EntraSignIn interrupted = new EntraSignIn();
        interrupted.outcome(null, "Interrupted", "Sign-in error code", "Status");
        assertEquals(false, interrupted.success);
        assertNull(interrupted.errorCode);
        assertThrows(RowRejected.class, () -> new EntraSignIn().outcome("abc", null, "ResultType", "Status"));
        EntraSignIn neither = signIn("singleFactorAuthentication", null);
        RowRejected e = assertThrows(RowRejected.class, neither::toRow);
        assertEquals("no sign-in error code or status", e.getMessage());
    }

    @Test
    void reads_device_flags_as_each_shape_writes_them() {
        assertEquals(true, EntraSignIn.flag("Yes", "Compliant"));
        assertEquals(false, EntraSignIn.flag("No", "Compliant"));
        assertEquals(true, EntraSignIn.flag("TRUE", "IsCompliant"));
        assertEquals(false, EntraSignIn.flag("false", "isCompliant"));
        assertEquals(true, EntraSignIn.flag(json("true"), "isCompliant"));
        assertNull(EntraSignIn.flag("", "Managed"));
        assertNull(EntraSignIn.flag(JsonInput.MAPPER.missingNode(), "isManaged"));
        RowRejected e = assertThrows(RowRejected.class, () -> EntraSignIn.flag("maybe", "Managed"));
        assertEquals("not a yes/no value in 'Managed' (found 5 characters: letters)", e.getMessage());
    }

    @Test
    void splits_the_admin_centre_location_into_city_and_country() {
        EntraSignIn s = new EntraSignIn();
        s.location("Sheffield, South Yorkshire, GB");
        assertEquals("Sheffield", s.city);
        assertEquals("GB", s.country);
        EntraSignIn countryOnly = new EntraSignIn();
        countryOnly.location("GB");
        assertNull(countryOnly.city);
        assertEquals("GB", countryOnly.country);
    }

    @Test
    void names_the_cell_when_a_json_detail_is_broken() {
        RowRejected e = assertThrows(RowRejected.class, () -> EntraSignIn.jsonCell("{\"deviceId\":", "DeviceDetail"));
        assertEquals("not valid JSON in 'DeviceDetail'", e.getMessage());
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        return EntraSignIn.jsonCell(text, "test");
    }
}
