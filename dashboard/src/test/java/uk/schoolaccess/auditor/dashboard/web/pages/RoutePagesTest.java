package uk.schoolaccess.auditor.dashboard.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.javalin.testtools.JavalinTest;
import uk.schoolaccess.auditor.dashboard.web.pages.RoutePagesSchool.Browser;
import uk.schoolaccess.auditor.dashboard.web.pages.RoutePagesSchool.Page;

/** The route contract's pages over HTTP: people, subject access, the DSL's investigations, the access log. */
class RoutePagesTest {

    @TempDir
    static Path dir;
    static RoutePagesSchool school;

    @BeforeAll
    static void school() throws Exception {
        school = new RoutePagesSchool(dir);
    }

    private long logged(String kind, String subject) {
        return ((Number) school.db.scalar("SELECT count(*) FROM access_log WHERE kind = ? AND subject = ?", kind,
                subject)).longValue();
    }

    private static List<String> column(List<List<String>> rows, int i) {
        return rows.stream().map(r -> r.get(i)).toList();
    }

    @Test
    void subject_access_by_pupil_lists_every_access_with_its_explanation_and_the_csv_has_the_same_rows() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dpo = new Browser(client, "dpo1");
            Page page = dpo.get("/sar?pupil=P00012");
            assertEquals(200, page.status(), page.body());
            assertTrue(page.body().contains("id=\"sar-run\""));
            assertTrue(page.body().contains("href=\"/sar.csv?pupil=P00012\" id=\"sar-csv\""), page.body());
            assertTrue(page.body().contains("href=\"/sar/print?pupil=P00012\" id=\"sar-print\""), page.body());
            List<List<String>> rows = page.table("sar-results");
            // Header: when staff_id staff_name account system action area incident_id explained_by conflict event_id
            assertEquals(List.of("E1", "E2", "E3", "E4", "E5", "E6", "E7", "E9"), column(rows, 10),
                    "the pupil's own records and the opens of incidents about the pupil, in time order");
            assertEquals("teaches (teaches the pupil)", rows.get(0).get(8));
            assertEquals("Alice Archer", rows.get(0).get(2));
            assertEquals("nothing explains it", rows.get(1).get(8));
            assertEquals("S0004", rows.get(1).get(1));
            assertTrue(rows.get(2).get(8).startsWith("safeguarding_lead"), rows.get(2).toString());
            assertEquals("not audited yet", rows.get(7).get(8), "an access not audited yet says so, as every view does");

            Page csv = dpo.get("/sar.csv?pupil=P00012");
            assertEquals(200, csv.status());
            assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
            assertTrue(csv.disposition().startsWith("attachment;"), csv.disposition());
            List<List<String>> csvRows = new ArrayList<>();
            try (MappingIterator<List<String>> it = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                    .readerForListOf(String.class).readValues(csv.body())) {
                it.forEachRemaining(csvRows::add);
            }
            assertEquals(List.of("when_utc", "when_local", "staff_id", "staff_name", "account", "system", "action", "area",
                    "incident_id", "explained_by", "conflict", "event_id"), csvRows.get(0));
            assertEquals(rows.size(), csvRows.size() - 1);
            for (int i = 0; i < rows.size(); i++) {
                List<String> page1 = rows.get(i);
                List<String> csv1 = csvRows.get(i + 1);
                assertEquals(page1.subList(1, page1.size()), csv1.subList(2, csv1.size()),
                        "the CSV has the page's rows, cell for cell");
                java.time.Instant utc = java.time.Instant.parse(csv1.get(0));
                assertTrue(csv1.get(0).endsWith("Z"), "ISO-8601 UTC: " + csv1.get(0));
                assertEquals(utc, java.time.OffsetDateTime.parse(csv1.get(1)).toInstant(), "the same moment, local");
                assertEquals(new uk.schoolaccess.auditor.dashboard.web.SchoolTime(java.time.ZoneId.of("Europe/London"))
                        .formatSeconds(utc), page1.get(0), "the page in school time");
            }

            Page ranged = dpo.get("/sar?pupil=P00012&from=2026-09-09&to=2026-09-09");
            assertEquals(List.of("E3", "E4", "E5", "E6", "E7"), column(ranged.table("sar-results"), 10));
            assertTrue(ranged.body().contains("/sar.csv?pupil=P00012&amp;from=2026-09-09&amp;to=2026-09-09"));

            Page print = dpo.get("/sar/print?pupil=P00012");
            assertEquals(200, print.status());
            assertEquals(rows, print.table("sar-results"));
        });
    }

    @Test
    void subject_access_by_staff_lists_their_accesses_logons_and_sign_ins() {
        JavalinTest.test(school.app(), (server, client) -> {
            Page page = new Browser(client, "dpo1").get("/sar?staff=S0004");
            assertEquals(200, page.status(), page.body());
            List<List<String>> rows = page.table("sar-results");
            assertEquals(List.of("SI1", "L1", "E2", "SI2", "E4", "E9"), column(rows, 10));
            assertEquals(List.of("sign-in", "logon", "record access", "sign-in", "record access", "record access"),
                    column(rows, 1));
            assertTrue(page.body().contains("Dan Dyer"));
        });
    }

    @Test
    void bad_subject_access_queries_are_refused_plainly() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dpo = new Browser(client, "dpo1");
            assertEquals(400, dpo.get("/sar?pupil=P00012&staff=S0004").status());
            assertEquals(400, dpo.get("/sar?pupil=P00012&from=12/09/2026").status());
            assertEquals(400, dpo.get("/sar.csv").status());
            Page form = dpo.get("/sar");
            assertEquals(200, form.status());
            assertFalse(form.body().contains("sar-results"), "no look-up until one is asked for");
        });
    }

    @Test
    void subject_access_ids_are_checked_against_the_roster_in_any_case_and_a_name_is_never_logged() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dpo = new Browser(client, "dpo1");
            long before = logged("sar", "pupil:P00012");
            Page lower = dpo.get("/sar?pupil=p00012");
            assertEquals(200, lower.status(), lower.body());
            assertEquals(dpo.get("/sar?pupil=P00012").table("sar-results"), lower.table("sar-results"),
                    "p00012 is P00012");
            assertTrue(lower.body().contains("for pupil P00012"), "the roster's spelling");
            assertEquals(before + 2, logged("sar", "pupil:P00012"), "logged under the roster's id");

            for (String unknown : List.of("P99999", "P0012")) {
                Page none = dpo.get("/sar?pupil=" + unknown);
                assertEquals(400, none.status(), none.body());
                assertTrue(none.body().contains("There is no pupil with that id in the roster"), none.body());
                assertFalse(none.body().contains("sar-results"), "no table that reads like an answer");
                assertEquals(400, dpo.get("/sar.csv?pupil=" + unknown).status());
            }
            long beforeNames = ((Number) school.db.scalar("SELECT count(*) FROM access_log")).longValue();
            for (String name : List.of("Zebulah", "Zebulah%20Quillfeather")) {
                Page named = dpo.get("/sar?pupil=" + name);
                assertEquals(400, named.status(), named.body());
                assertTrue(named.body().contains("That looks like a name, not an id"), named.body());
                assertFalse(named.body().contains("Zebulah"), "the name is not echoed");
                assertFalse(named.body().contains("sar-results"));
            }
            assertEquals(0L, ((Number) school.db.scalar("SELECT count(*) FROM access_log WHERE subject LIKE "
                    + "'%Zebulah%'")).longValue(), "a name is never logged as an id");
            assertEquals(beforeNames, ((Number) school.db.scalar("SELECT count(*) FROM access_log")).longValue(),
                    "nothing looked up, nothing logged");

            long dan = logged("sar", "staff:S0004");
            Page login = dpo.get("/sar?staff=DDYER");
            assertEquals(200, login.status(), login.body());
            assertTrue(login.body().contains("Dan Dyer"));
            assertEquals(dan + 1, logged("sar", "staff:S0004"), "a login in any case is the member of staff's id");
            assertEquals(400, dpo.get("/sar?staff=S9999").status());
        });
    }

    @Test
    void no_subject_access_error_repeats_a_value_that_could_be_a_name() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dpo = new Browser(client, "dpo1");
            for (String asked : List.of("/sar?pupil=P00012&member=Quillfeather", "/sar?staff=Quillfeather",
                    "/sar?pupil=Quillfeather", "/sar?staff=NORTHFIELD%5CQuillfeather", "/sar?pupil=P00012&member=Quill_feather",
                    "/sar?pupil=P00012&from=Quillfeather", "/sar?pupil=Quillfeather%5Cx", "/sar.csv?pupil=P00012&member=Quillfeather")) {
                Page refused = dpo.get(asked);
                assertEquals(400, refused.status(), asked + "\n" + refused.body());
                assertFalse(refused.body().contains("Quill"), asked + " is not echoed:\n" + refused.body());
            }
        });
    }

    @Test
    void the_findings_filters_take_percent_and_underscore_as_typed_and_refuse_unknown_values_plainly() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dpo = new Browser(client, "dpo1");
            assertTrue(dpo.get("/findings?person=dan").body().contains("2 finding(s)"), "a part of a name still finds");
            for (String wildcard : List.of("%25", "_", "d%25", "d_n")) {
                Page page = dpo.get("/findings?person=" + wildcard);
                assertEquals(200, page.status(), page.body());
                assertTrue(page.body().contains("0 finding(s)"), wildcard + " is not 'anyone':\n" + page.body());
            }
            for (String[] bad : new String[][] {{"detector", "out_of_role_access, shared_credentials"},
                    {"severity", "low, medium, high"}, {"status", "open, under_investigation"}}) {
                Page page = dpo.get("/findings?" + bad[0] + "=Quillfeather");
                assertEquals(400, page.status(), bad[0] + "\n" + page.body());
                assertTrue(page.body().contains(bad[0] + ": one of ") && page.body().contains(bad[1]), page.body());
                assertFalse(page.body().contains("Quillfeather"), "the value is not repeated");
            }
            for (String bad : List.of("suppressed", "per", "page")) {
                Page page = dpo.get("/findings?" + bad + "=Quillfeather");
                assertEquals(400, page.status(), bad + "\n" + page.body());
                assertFalse(page.body().contains("Quillfeather"), bad + ": the value is not repeated");
            }
            assertEquals(200, dpo.get("/findings?detector=out_of_role_access&severity=high&status=open").status());
        });
    }

    @Test
    void a_windows_login_or_an_email_address_finds_the_member_of_staff() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dpo = new Browser(client, "dpo1");
            List<List<String>> byId = dpo.get("/sar?staff=S0004").table("sar-results");
            for (String login : List.of("NORTHFIELD%5Cddyer", "SCHOOL%5CDDyer", "ddyer%40school.example")) {
                Page page = dpo.get("/sar?staff=" + login);
                assertEquals(200, page.status(), login + "\n" + page.body());
                assertEquals(byId, page.table("sar-results"), login);
            }
            Page member = dpo.get("/sar?pupil=P00012&member=NORTHFIELD%5Cddyer");
            assertEquals(200, member.status(), member.body());
            assertEquals(List.of("E2", "E4", "E9"), column(member.table("sar-results"), 10), "only Dan Dyer's opens");
        });
    }

    @Test
    void the_staff_directory_lists_everyone_with_their_id_and_logins_and_finds_by_login_in_any_case() {
        JavalinTest.test(school.app(), (server, client) -> {
            Page all = new Browser(client, "head1").get("/people");
            assertEquals(200, all.status(), all.body());
            List<List<String>> people = all.table("people");
            assertTrue(people.size() >= 4, people.toString());
            assertTrue(people.stream().anyMatch(r -> r.get(0).equals("Dan Dyer") && r.get(1).equals("S0004")
                    && r.get(3).contains("sims: ddyer")), people.toString());
            assertTrue(all.body().contains("href=\"/people\""), "in the menu");
            Page found = new Browser(client, "dpo1").get("/people?q=DDYER");
            assertEquals(List.of("S0004"), column(found.table("people"), 1));
            assertFalse(found.body().contains("P00012"), "no pupil on the directory");
        });
    }

    @Test
    void every_subject_access_look_up_is_logged() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dpo = new Browser(client, "dpo1");
            long before = logged("sar", "pupil:P00012");
            dpo.get("/sar?pupil=P00012");
            assertEquals(before + 1, logged("sar", "pupil:P00012"));
            dpo.get("/sar.csv?pupil=P00012");
            assertEquals(before + 2, logged("sar", "pupil:P00012"));
            dpo.get("/sar/print?pupil=P00012");
            assertEquals(before + 3, logged("sar", "pupil:P00012"));
            long staff = logged("sar", "staff:S0003");
            dpo.get("/sar?staff=S0003");
            assertEquals(staff + 1, logged("sar", "staff:S0003"));
            long all = ((Number) school.db.scalar("SELECT count(*) FROM access_log WHERE kind = 'sar'")).longValue();
            dpo.get("/sar");
            assertEquals(all, ((Number) school.db.scalar("SELECT count(*) FROM access_log WHERE kind = 'sar'")).longValue(),
                    "the empty form is not a look-up");
            Page log = dpo.get("/access-log?user=dpo1&kind=sar");
            assertEquals(200, log.status());
            List<List<String>> rows = log.table("access-log");
            assertTrue(rows.size() >= 4);
            assertEquals("staff:S0003", rows.get(0).get(4), "newest first");
            assertTrue(rows.stream().allMatch(r -> r.get(1).equals("dpo1") && r.get(3).equals("sar")));
        });
    }

    @Test
    void each_role_gets_403_where_the_contract_says() {
        Map<String, List<String>> allowed = Map.of(
                "/people/S0004", List.of("dpo", "dsl", "head", "it"),
                "/sar", List.of("dpo"),
                "/sar?pupil=P00012", List.of("dpo"),
                "/sar.csv?pupil=P00012", List.of("dpo"),
                "/sar/print?pupil=P00012", List.of("dpo"),
                "/dsl", List.of("dpo", "dsl"),
                "/dsl/incidents/INC1", List.of("dpo", "dsl"),
                "/access-log", List.of("dpo"));
        JavalinTest.test(school.app(), (server, client) -> {
            for (String role : List.of("dpo", "dsl", "head", "it")) {
                Browser b = new Browser(client, role + "1");
                for (Map.Entry<String, List<String>> e : allowed.entrySet()) {
                    int expected = e.getValue().contains(role) ? 200 : 403;
                    assertEquals(expected, b.get(e.getKey()).status(), role + " " + e.getKey());
                }
            }
            long sar = ((Number) school.db.scalar("SELECT count(*) FROM access_log WHERE kind = 'sar' AND role <> 'dpo'"))
                    .longValue();
            assertEquals(0, sar, "a refused look-up is not logged as one");
        });
    }

    @Test
    void pupil_names_never_appear_in_subject_access_investigation_or_person_pages() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dpo = new Browser(client, "dpo1");
            Browser dsl = new Browser(client, "dsl1");
            List<Page> pages = new ArrayList<>();
            for (String p : List.of("/sar?pupil=P00012", "/sar?pupil=P00013", "/sar.csv?pupil=P00012",
                    "/sar/print?pupil=P00012", "/sar?staff=S0004", "/sar?staff=S0002", "/sar.csv?staff=S0002",
                    "/dsl", "/dsl?from=2026-01-01&to=2026-12-31", "/dsl/incidents/INC1", "/people/S0004",
                    "/people/S0002", "/access-log")) {
                pages.add(dpo.get(p));
            }
            for (String p : List.of("/dsl", "/dsl/incidents/INC1", "/people/S0004")) {
                pages.add(dsl.get(p));
            }
            pages.add(new Browser(client, "head1").get("/people/S0004"));
            pages.add(new Browser(client, "it1").get("/people/S0004"));
            for (Page p : pages) {
                assertEquals(200, p.status(), p.body());
                for (String name : RoutePagesSchool.PUPIL_NAMES) {
                    assertFalse(p.body().contains(name), "a pupil's name in\n" + p.body());
                }
                assertFalse(p.body().contains("<script"), "no script");
                assertFalse(p.body().contains("style="), "no inline style (CSP)");
            }
        });
    }

    @Test
    void a_person_shows_activity_mfa_and_only_the_findings_their_role_may_see() {
        JavalinTest.test(school.app(), (server, client) -> {
            long before = logged("person", "S0004");
            Page dpo = new Browser(client, "dpo1").get("/people/S0004");
            assertEquals(before + 1, logged("person", "S0004"));
            assertTrue(dpo.body().contains("Dan Dyer"));
            assertTrue(dpo.body().contains("/findings/F-ORA-1") && dpo.body().contains("/findings/F-SC-1"));
            List<List<String>> weeks = dpo.table("person-weeks");
            assertEquals(List.of("Mon 28 Sep 2026", "1", "0", "0"), weeks.get(0));
            assertEquals(List.of("Mon 7 Sep 2026", "2", "1", "2"), weeks.get(1));
            List<List<String>> mfa = dpo.table("person-mfa");
            assertTrue(mfa.contains(List.of("SIMS", "1", "2", "50.0%")), mfa.toString());
            assertTrue(mfa.contains(List.of("SIMS (its own login log)", "0", "1", "0.0%")), mfa.toString());
            assertEquals(1, dpo.table("person-logons").size());

            Page dsl = new Browser(client, "dsl1").get("/people/S0004");
            assertTrue(dsl.body().contains("/findings/F-ORA-1"));
            assertFalse(dsl.body().contains("/findings/F-SC-1"), "IT's detector, not the DSL's");

            Page it = new Browser(client, "it1").get("/people/S0004");
            assertTrue(it.body().contains("/findings/F-SC-1"));
            assertFalse(it.body().contains("/findings/F-ORA-1"));
            assertFalse(it.body().contains("P00012"), "IT sees no pupil data");

            Browser headBrowser = new Browser(client, "head1");
            Page head = headBrowser.get("/people/S0004");
            assertTrue(head.body().contains("/findings/F-ORA-1") && head.body().contains("/findings/F-SC-1"));
            assertEquals(404, headBrowser.get("/people/S9999").status());
        });
    }

    @Test
    void the_dsl_sees_curiosity_clusters_and_unexplained_browsing_by_person_and_pupil() {
        JavalinTest.test(school.app(), (server, client) -> {
            Browser dsl = new Browser(client, "dsl1");
            Page page = dsl.get("/dsl");
            assertEquals(200, page.status(), page.body());
            List<List<String>> clusters = page.table("dsl-clusters");
            assertEquals(1, clusters.size(), clusters.toString());
            assertEquals(List.of("INC1", "P00012", "Bullying", "3", "S0004, S0005, S0006"), clusters.get(0).subList(0, 5));
            assertEquals("Dan Dyer, Wed 9 Sep 2026", clusters.get(0).get(7), "whose finding and when, not its id");
            assertTrue(page.body().contains("href=\"/findings/F-ORA-1\" class=\"cluster-finding\""));
            assertTrue(page.body().contains("href=\"/dsl/incidents/INC1\""));
            List<List<String>> pairs = page.table("dsl-pairs");
            assertEquals(List.of("S0004", "Dan Dyer", "P00012", "2"), pairs.get(0).subList(0, 4),
                    "E2 and the incident open E4; E9 is not audited yet");
            assertEquals(3, pairs.size());
            assertFalse(page.body().contains("/sar?pupil="), "the DSL has no subject access look-ups");

            Page none = dsl.get("/dsl?from=2025-01-01&to=2025-01-31");
            assertTrue(none.body().contains("id=\"no-clusters\"") && none.body().contains("id=\"no-pairs\""));
            assertEquals(400, dsl.get("/dsl?from=2026-09-10&to=2026-09-01").status());
        });
    }

    @Test
    void an_incident_shows_each_open_with_the_openers_involvement_and_is_logged() {
        JavalinTest.test(school.app(), (server, client) -> {
            long before = logged("incident", "INC1");
            Page page = new Browser(client, "dsl1").get("/dsl/incidents/INC1");
            assertEquals(before + 1, logged("incident", "INC1"));
            List<List<String>> opens = page.table("incident-opens");
            // When, staff, name, account, action, involvement, explanation, unexplained
            assertEquals(List.of("S0003", "S0004", "S0005", "S0006", "S0001"), column(opens, 1));
            assertEquals(List.of("author; DSL role", "none", "none", "none", "alerted"), column(opens, 5));
            assertEquals(List.of("no", "yes", "yes", "yes", "no"), column(opens, 7));
            assertTrue(page.body().contains("5 open(s) by 5 member(s) of staff; 3 member(s) of staff opened it with nothing "
                    + "to explain it (3 open(s))."), page.body());
            assertEquals(404, new Browser(client, "dpo1").get("/dsl/incidents/NOPE").status());
        });
    }
}
