package uk.schoolaccess.auditor.ingest.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedFilesTest {
    private static final String[] ENTRA_HEADER = {"Date (UTC)", "Request ID", "User agent", "Correlation ID", "User ID",
        "User", "Username", "User type", "Cross tenant access type", "Incoming token type", "Authentication Protocol",
        "Unique token identifier", "Original transfer method", "Client credential type",
        "Token Protection - Sign In Session", "Token Protection - Sign In Session StatusCode", "Application",
        "Application ID ", "Resource", "Resource ID ", "Resource tenant ID", "Home tenant ID", "Home tenant name",
        "IP address", "Location", "Status", "Sign-in error code", "Failure reason", "Client app", "Device ID", "Browser",
        "Operating System", "Compliant", "Managed", "Join Type", "Multifactor authentication result",
        "Multifactor authentication auth method", "Multifactor authentication auth detail", "Authentication requirement",
        "Sign-in identifier", "Session ID", "IP address (seen by resource)", "Through Global Secure Access",
        "Global Secure Access IP address", "Autonomous system  number", "Flagged for review", "Token issuer type",
        "Incoming token type", "Token issuer name", "Latency", "Conditional Access", "Managed Identity type",
        "Associated Resource Id", "Federated Token Id", "Federated Token Issuer"};
    private static final Map<String, String> HEADERS = Map.of(
            "roster/staff.csv", "staff_id,display_name,email,roles,start_date,leave_date,accounts,family_key",
            "roster/pupils.csv", "pupil_id,surname,forename,year_group,form,sen,family_key,accounts",
            "roster/teaching_groups.csv", "group_id,subject,staff_id,pupil_id",
            "roster/pastoral.csv", "staff_id,kind,year_group,form,pupil_id",
            "roster/incidents.csv", "incident_id,pupil_id,category,created_at,author,assigned,alerted",
            "labels.csv", "detector,staff_id,account,start,end,note",
            "benign.csv", "detector,staff_id,account,start,end,note");

    private final Path school = GeneratedSchool.small();

    @Test
    void roster_and_answer_key_headers_are_exactly_as_specified() throws IOException {
        for (Map.Entry<String, String> e : HEADERS.entrySet()) {
            assertEquals(e.getValue(), Files.readAllLines(school.resolve(e.getKey())).get(0), e.getKey());
        }
    }

    @Test
    void every_weekly_log_has_the_header_its_system_writes() throws IOException {
        for (Path f : GeneratedSchool.files(school.resolve("mis"), ".csv")) {
            assertEquals("Date,Time,User Name,Workstation,Module,Activity,Record Type,Record ID,Records", firstLine(f));
        }
        for (Path f : GeneratedSchool.files(school.resolve("cpoms"), ".csv")) {
            assertEquals("Date/Time,User,Action,Student,Student ID,Incident ID,Category,IP Address,Two Factor", firstLine(f));
        }
        List<Path> entra = GeneratedSchool.files(school.resolve("entra"), ".csv");
        assertEquals(3, entra.size());
        for (Path f : entra) assertArrayEquals(ENTRA_HEADER, GeneratedSchool.csv(f).get(0), f.toString());
        assertEquals(String.join(",", ENTRA_HEADER), firstLine(entra.get(0)));
    }

    @Test
    void every_csv_row_has_as_many_fields_as_its_header() throws IOException {
        for (Path f : GeneratedSchool.files(school, ".csv")) {
            List<String[]> rows = GeneratedSchool.csv(f);
            int width = rows.get(0).length;
            assertTrue(rows.size() > 1, "no data rows in " + f);
            for (int i = 1; i < rows.size(); i++) {
                assertEquals(width, rows.get(i).length, f + " row " + i + ": " + Arrays.toString(rows.get(i)));
            }
        }
    }

    @Test
    void entra_user_agents_with_commas_survive_quoting() throws IOException {
        List<String[]> rows = GeneratedSchool.csv(school.resolve("entra/entra-signins-week-01.csv"));
        int agent = GeneratedSchool.column(rows.get(0), "User agent");
        int location = GeneratedSchool.column(rows.get(0), "Location");
        assertTrue(rows.get(1)[agent].contains("(KHTML, like Gecko)"));
        assertTrue(rows.get(1)[location].matches("[^,]+, [^,]+, [A-Z]{2}"), rows.get(1)[location]);
    }

    @Test
    void every_windows_line_is_a_json_security_event() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (Path f : GeneratedSchool.files(school.resolve("windows"), ".ndjson")) {
            try (BufferedReader r = Files.newBufferedReader(f)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    JsonNode e = json.readTree(line);
                    assertEquals("Security", e.get("Channel").asText());
                    assertTrue(e.get("EventID").isInt());
                    assertTrue(e.get("@timestamp").asText().endsWith("Z"));
                    assertTrue(e.get("EventTime").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
                    if (e.has("LogonType")) assertTrue(e.get("LogonType").isTextual());
                }
            }
        }
    }

    @Test
    void every_google_file_is_a_reports_api_activity_list() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (Path f : GeneratedSchool.files(school.resolve("google"), ".json")) {
            JsonNode doc = json.readTree(f.toFile());
            assertEquals("admin#reports#activities", doc.get("kind").asText());
            assertFalse(doc.get("items").isEmpty());
            for (JsonNode item : doc.get("items")) {
                assertEquals("login", item.at("/id/applicationName").asText());
                assertTrue(item.at("/id/time").asText().matches(".*T.*\\.\\d{3}Z"));
                assertTrue(item.at("/actor/email").asText().endsWith("@northfield.sch.uk"));
                assertEquals("login", item.at("/events/0/type").asText());
            }
        }
    }

    @Test
    void the_manifest_names_the_school_network_and_staff_with_children_at_the_school() throws IOException {
        JsonNode m = new ObjectMapper().readTree(school.resolve("manifest.json").toFile());
        assertEquals("198.51.100.0/28", m.at("/school/school_networks/0").asText());
        assertEquals(200, m.at("/options/pupils").asInt());
        assertTrue(m.get("staff_family").size() >= 1);
        assertFalse(m.toString().contains(school.toString()), "manifest must not name the output folder");
    }

    private static String firstLine(Path f) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f)) {
            return r.readLine();
        }
    }
}
