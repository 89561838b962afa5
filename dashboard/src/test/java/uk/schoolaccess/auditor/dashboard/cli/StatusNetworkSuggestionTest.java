package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.analytics.health.SchoolNetworks;

class StatusNetworkSuggestionTest {

    @Test
    void status_offers_the_suggested_school_range_and_says_where_to_put_it() {
        StringWriter text = new StringWriter();
        StatusCommand.suggestNetworks(new PrintWriter(text), List.of(new SchoolNetworks.Suggestion("198.51.100.0/28",
                List.of("198.51.100.3", "198.51.100.12"), 41)));
        String out = text.toString();
        assertTrue(out.contains("networks.school is not set, so every address counts as off-site"), out);
        assertTrue(out.contains("Suggested: 198.51.100.0/28"), out);
        assertTrue(out.contains("41 staff"), out);
        assertTrue(out.contains("add them under networks.school in auditor.yaml"), out);
    }

    @Test
    void status_says_so_when_nothing_can_be_suggested() {
        StringWriter text = new StringWriter();
        StatusCommand.suggestNetworks(new PrintWriter(text), List.of());
        assertTrue(text.toString().contains("No address is shared by enough staff"), text.toString());
    }
}
