package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A finding's severity line says why this finding has its severity, where the general rule alone would not. */
class PlainWordsTest {

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void a_finding_capped_while_the_persons_usual_is_learned_says_so() throws Exception {
        JsonNode learning = json("{\"facts\": {\"learning\": true, \"evidence\": [\"unexplained pupils far above own "
                + "and peer means\", \"learning: 2 week(s) of history\"]}}");
        String reason = PlainWords.severityReason("out_of_role_access", "medium", learning);
        assertTrue(reason.startsWith("Rated medium: while this person's usual is still being learned (2 week(s) of "
                + "history), a finding is rated medium at most. How severity is decided: "), reason);

        JsonNode settled = json("{\"facts\": {\"learning\": false}}");
        String rule = PlainWords.severityReason("out_of_role_access", "high", settled);
        assertTrue(rule.startsWith("How severity is decided: "), rule);
        assertEquals(rule, PlainWords.severityReason("out_of_role_access", "high", json("{}")), "no facts: the rule");
    }
}
