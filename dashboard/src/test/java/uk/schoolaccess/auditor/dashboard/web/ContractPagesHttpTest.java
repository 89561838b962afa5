package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages of the dashboard's route contract (people, subject access, the DSL's investigations,
 * the access log) over HTTP: who may open each (403 otherwise), the security headers, what is
 * logged, and that a pupil's name is never shown. Written against the contract's paths, form
 * fields and element ids; the sign-in gate on these paths is in {@link DashboardSecurityTest}.
 */
class ContractPagesHttpTest {

    static final List<String> ROLES = List.of("dpo", "dsl", "head", "it");
    static final Pattern PUPIL_ID = Pattern.compile("\\bP\\d{5}\\b");

    static TestSchool school;
    static Pupil pupil;
    static long pupilAccesses;
    static String incident;
    static String orphanStaff;     // has an out_of_role_access finding (never IT's)
    static String orphanFinding;
    static String itStaff;         // has a non_mfa_session finding (never DSL's)
    static String itFinding;

    /** A pupil with record accesses whose name no member of staff shares. */
    record Pupil(String id, String forename, String surname) {
    }

    @BeforeAll
    static void school() throws Exception {
        school = TestSchool.get();
        Map<String, Object> p = school.rows("SELECT p.pupil_id, p.forename, p.surname FROM pupils p "
                + "WHERE EXISTS (SELECT 1 FROM record_access r WHERE r.pupil_id = p.pupil_id) "
                + "AND EXISTS (SELECT 1 FROM incidents i WHERE i.pupil_id = p.pupil_id) "
                + "AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.display_name ILIKE '%' || p.surname || '%' "
                + "OR s.display_name ILIKE '%' || p.forename || '%') ORDER BY p.pupil_id LIMIT 1").get(0);
        pupil = new Pupil((String) p.get("pupil_id"), (String) p.get("forename"), (String) p.get("surname"));
        pupilAccesses = (Long) school.one("SELECT count(*) FROM record_access WHERE pupil_id = ? OR incident_id IN "
                + "(SELECT incident_id FROM incidents WHERE pupil_id = ?)", pupil.id(), pupil.id());
        incident = (String) school.one("SELECT min(incident_id) FROM record_access WHERE incident_id IS NOT NULL");
        orphanFinding = school.findingOf("out_of_role_access");
        orphanStaff = (String) school.one("SELECT staff_id FROM findings WHERE finding_id = ?", orphanFinding);
        itFinding = (String) school.one("SELECT min(finding_id) FROM findings WHERE detector = 'non_mfa_session' "
                + "AND staff_id IS NOT NULL");
        itStaff = (String) school.one("SELECT staff_id FROM findings WHERE finding_id = ?", itFinding);
    }

    private static WebServer server() {
        return school.server(Clock.systemUTC());
    }

    private static void assertNoPupilName(String what, String body) {
        for (String name : List.of(pupil.forename(), pupil.surname())) {
            assertFalse(Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(body).find(),
                    what + " shows the pupil's name (" + name + ")");
        }
    }

    private static long logged(String kind, String user, String subjectOrPath) {
        return logged(kind, user, subjectOrPath, subjectOrPath);
    }

    /** Log rows of a kind by a user whose subject or path is the one given. */
    private static long logged(String kind, String user, String subject, String path) {
        return (Long) school.one("SELECT count(*) FROM access_log WHERE kind = ? AND username = ? "
                + "AND (subject = ? OR path = ?)", kind, user, subject, path);
    }

    @Test
    void who_may_open_each_contract_page() {
        String sar = "?pupil=" + pupil.id();
        Map<String, List<String>> allowed = new java.util.LinkedHashMap<>();
        allowed.put("/people/" + orphanStaff, ROLES);
        allowed.put("/sar", List.of("dpo"));
        allowed.put("/sar" + sar, List.of("dpo"));
        allowed.put("/sar.csv" + sar, List.of("dpo"));
        allowed.put("/sar/print" + sar, List.of("dpo"));
        allowed.put("/sar?staff=" + orphanStaff, List.of("dpo"));
        allowed.put("/dsl", List.of("dpo", "dsl"));
        allowed.put("/dsl/incidents/" + incident, List.of("dpo", "dsl"));
        allowed.put("/access-log", List.of("dpo"));
        Http.test(server(), http -> {
            for (String role : ROLES) {
                String s = http.signIn(role);
                for (var e : allowed.entrySet()) {
                    Http.Reply r = http.get(e.getKey(), s);
                    int expected = e.getValue().contains(role) ? 200 : 403;
                    assertEquals(expected, r.code(), role + " " + e.getKey() + ": " + r);
                    Http.assertLockedDown(role + " " + e.getKey(), r);
                    if (expected == 403) {
                        assertFalse(r.body().contains(pupil.id()) || r.body().contains("sar-results"),
                                role + " " + e.getKey() + " leaks data in its 403");
                    }
                }
            }
            for (String role : List.of("dsl", "head", "it")) {
                assertEquals(0L, logged("sar", role, "pupil:" + pupil.id()), role + "'s refused look-up is no look-up");
            }
        });
    }

    @Test
    void a_person_page_shows_only_the_findings_a_role_may_see_and_is_logged() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            String path = "/people/" + orphanStaff;
            long before = logged("person", "dpo", path);
            Http.Reply r = http.get(path, dpo);
            assertEquals(200, r.code(), r.toString());
            assertTrue(r.body().contains(orphanStaff), "the person's staff id");
            assertTrue(r.body().contains("/findings/" + orphanFinding), "links to their findings");
            assertEquals(before + 1, logged("person", "dpo", path), "a person page is logged (kind person)");

            String it = http.signIn("it");
            Http.Reply itView = http.get(path, it);
            assertEquals(200, itView.code());
            assertFalse(itView.body().contains(orphanFinding), "IT sees no out_of_role_access finding");
            Matcher m = PUPIL_ID.matcher(itView.body());
            assertFalse(m.find(), "IT sees no pupil data, but the page shows " + (m.find(0) ? m.group() : ""));
            Http.Reply itOwn = http.get("/people/" + itStaff, it);
            assertTrue(itOwn.body().contains("/findings/" + itFinding), "IT sees its own detectors' findings");

            String dsl = http.signIn("dsl");
            Http.Reply dslView = http.get("/people/" + itStaff, dsl);
            assertEquals(200, dslView.code());
            assertFalse(dslView.body().contains(itFinding), "DSL sees no IT finding on a person page");
            String head = http.signIn("head");
            assertTrue(http.get(path, head).body().contains("/findings/" + orphanFinding), "head sees all findings");
        });
    }

    @Test
    void a_subject_access_look_up_by_pupil_lists_every_access_without_the_name_and_is_logged() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            Http.Reply form = http.get("/sar", dpo);
            assertEquals(200, form.code());
            for (String field : List.of("name=\"pupil\"", "name=\"staff\"", "name=\"from\"", "name=\"to\"",
                    "id=\"sar-run\"")) {
                assertTrue(form.body().contains(field), "the form has " + field);
            }
            String subject = "pupil:" + pupil.id();
            long before = logged("sar", "dpo", subject);

            Http.Reply page = http.get("/sar?pupil=" + pupil.id(), dpo);
            assertEquals(200, page.code(), page.toString());
            for (String id : List.of("sar-results", "sar-csv", "sar-print")) {
                assertTrue(page.body().contains("id=\"" + id + "\""), "the results page has #" + id);
            }
            assertTrue(page.body().contains(pupil.id()));
            assertNoPupilName("/sar", page.body());

            String csvLink = link(page.body(), "sar-csv");
            assertTrue(csvLink.startsWith("/sar.csv?") && csvLink.contains("pupil=" + pupil.id()), csvLink);
            Http.Reply csv = http.get(csvLink, dpo);
            assertEquals(200, csv.code(), csv.toString());
            assertTrue(String.valueOf(csv.header("Content-Type")).startsWith("text/csv"), csv.header("Content-Type"));
            assertTrue(String.valueOf(csv.header("Content-Disposition")).startsWith("attachment"),
                    "a download: " + csv.header("Content-Disposition"));
            Http.assertLockedDown("/sar.csv", csv);
            List<String> lines = csv.body().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(pupilAccesses, lines.size() - 1, "one row per access to the pupil's records, under a header: "
                    + lines.get(0));
            assertNoPupilName("/sar.csv", csv.body());

            String printLink = link(page.body(), "sar-print");
            assertTrue(printLink.startsWith("/sar/print?") && printLink.contains("pupil=" + pupil.id()), printLink);
            Http.Reply print = http.get(printLink, dpo);
            assertEquals(200, print.code());
            assertTrue(print.body().contains(pupil.id()));
            assertNoPupilName("/sar/print", print.body());

            assertEquals(before + 3, logged("sar", "dpo", subject), "page, CSV and print are each logged as " + subject);
            assertTrue(http.get("/access-log", dpo).body().contains(subject), "the access log shows the look-up");
        });
    }

    @Test
    void a_subject_access_look_up_by_staff_and_bad_input_are_handled() {
        Http.test(server(), http -> {
            String dpo = http.signIn("dpo");
            String subject = "staff:" + orphanStaff;
            long before = logged("sar", "dpo", subject);
            Http.Reply page = http.get("/sar?staff=" + orphanStaff + "&from=2026-09-07&to=2026-09-25", dpo);
            assertEquals(200, page.code(), page.toString());
            assertTrue(page.body().contains("id=\"sar-results\""));
            Http.Reply csv = http.get("/sar.csv?staff=" + orphanStaff, dpo);
            assertEquals(200, csv.code());
            assertTrue(String.valueOf(csv.header("Content-Disposition")).startsWith("attachment"));
            assertTrue(csv.body().lines().count() > 1, "a member of staff's activity is listed");
            assertEquals(before + 2, logged("sar", "dpo", subject));

            // a date range narrows, never widens
            Http.Reply week = http.get("/sar.csv?pupil=" + pupil.id() + "&from=2026-09-14&to=2026-09-18", dpo);
            assertEquals(200, week.code());
            assertTrue(week.body().lines().filter(l -> !l.isBlank()).count() - 1 <= pupilAccesses);

            // what is typed in is never markup
            for (String q : List.of("/sar?pupil=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/sar?staff=%22%3E%3Cb%3E",
                    "/sar?pupil=" + pupil.id() + "&from=not-a-date")) {
                Http.Reply r = http.get(q, dpo);
                assertTrue(r.code() == 200 || r.code() == 400, q + ": " + r);
                assertFalse(r.body().contains("<script") || r.body().contains("\"><b>"), q + " reflected as markup");
                Http.assertLockedDown(q, r);
            }
        });
    }

    @Test
    void the_dsl_pages_show_opens_and_are_logged() {
        Http.test(server(), http -> {
            String dsl = http.signIn("dsl");
            Http.Reply overview = http.get("/dsl", dsl);
            assertEquals(200, overview.code());
            assertTrue(overview.body().contains("href=\"/people/") || overview.body().contains("href=\"/dsl/incidents/"),
                    "the DSL's overview links to people or incidents");
            String path = "/dsl/incidents/" + incident;
            long before = logged("incident", "dsl", incident, path);
            Http.Reply r = http.get(path, dsl);
            assertEquals(200, r.code(), r.toString());
            String opener = (String) school.one("SELECT min(staff_id) FROM record_access WHERE incident_id = ?", incident);
            assertNotNull(opener);
            assertTrue(r.body().contains(opener), "the incident page lists who opened it (" + opener + ")");
            assertEquals(before + 1, logged("incident", "dsl", incident, path),
                    "an incident page is logged (kind incident)");
        });
    }

    /** The href of the element with an id, unescaped. */
    static String link(String html, String id) {
        Matcher tag = Pattern.compile("<a\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
        assertTrue(tag.find(), "no <a id=\"" + id + "\">");
        Matcher href = Pattern.compile("\\bhref=\"([^\"]*)\"").matcher(tag.group());
        assertTrue(href.find(), "no href on #" + id);
        return href.group(1).replace("&amp;", "&").replace("&#x3D;", "=").replace("&#61;", "=");
    }
}
