package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.schoolaccess.auditor.dashboard.digest.DigestBuilder;
import uk.schoolaccess.auditor.dashboard.digest.DigestService;
import uk.schoolaccess.auditor.dashboard.digest.DigestService.Outcome;
import uk.schoolaccess.auditor.dashboard.digest.DigestSettings;
import uk.schoolaccess.auditor.dashboard.digest.Mailer;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * The e-mail digests against a real SMTP server (GreenMail on 127.0.0.1) over the generated
 * school: content and links, no pupil names or ids, the daily digest's silence, and exactly-once
 * sending across repeated schedule runs and an SMTP outage.
 */
class DigestTest {

    static final String BASE = "https://dash.example.school";
    static final int PORT = freePort();
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Monday 28 September 2026, 08:00 in London: the weekly digest (Monday 07:30) of the week of 21 September is due. */
    static final Instant MONDAY = LocalDateTime.parse("2026-09-28T08:00").atZone(LONDON).toInstant();

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static TestSchool school;

    @BeforeAll
    static void school() throws Exception {
        school = TestSchool.get();
    }

    @AfterEach
    void forget() {
        school.db.update("DELETE FROM sent_digests");
        school.db.update("DELETE FROM digest_findings");
        school.db.update("DELETE FROM findings WHERE finding_id LIKE 'Ftest-digest%'");
    }

    static DigestService service(int port, Instant now, String extra) throws IOException {
        Path dir = Path.of("target", "digest-test");
        Files.createDirectories(dir);
        Path yaml = dir.resolve("auditor.yaml");
        Files.writeString(yaml, """
                smtp:
                  host: 127.0.0.1
                  port: %d
                  security: none
                  from: auditor@school.example
                  timeout_seconds: 5
                digests:
                  base_url: %s/
                  recipients:
                    dpo: [dpo@school.example]
                    dsl: [dsl@school.example, deputy-dsl@school.example]
                  weekly: {day: monday, time: "07:30"}
                  daily: {time: "07:00"}
                  retry: {max_attempts: 5, backoff_seconds: 60}
                %s""".formatted(port, BASE, extra));
        DigestSettings settings = DigestSettings.from(ConfigFile.load(yaml));
        return new DigestService(school.db, new DigestBuilder(school.db, school.settings, settings, LONDON),
                new Mailer(settings.smtp()), LONDON, Clock.fixed(now, LONDON));
    }

    static DigestService service(Instant now) throws IOException {
        return service(PORT, now, "");
    }

    @Test
    void weeklyDigestHasBothPartsFiguresAndLinksAndNoPupil() throws Exception {
        DigestService s = service(MONDAY);
        assertEquals(Outcome.SENT, s.sendOnce("weekly", "2026-09-21",
                () -> builder(s).weekly(java.time.LocalDate.parse("2026-09-21"), List.of("dpo@school.example"))));
        MimeMessage[] got = mail.getReceivedMessages();
        assertEquals(1, got.length);
        MimeMessage m = got[0];
        assertTrue(m.getSubject().contains("week of 2026-09-21"), m.getSubject());
        Parts p = parts(m);
        for (String body : List.of(p.text, p.html)) {
            assertTrue(body.contains(BASE + "/?week=2026-09-21"), "weekly page link");
            assertTrue(body.contains(BASE + "/findings/F"), "a link to a finding");
            assertTrue(body.contains("MFA") || body.contains("multi-factor") || body.contains("MULTI-FACTOR"));
            assertTrue(body.toLowerCase().contains("quarantined rows"));
            assertTrue(body.toLowerCase().contains("explained by a relationship"));
        }
        assertTrue(p.html.contains("href=\"" + BASE + "/findings?detector="), "detector links in HTML");
        assertTrue(p.text.contains(BASE + "/findings?detector="), "detector links in text");
        assertNoPupil(p.text + p.html + m.getSubject());
        for (Map<String, Object> f : school.rows("SELECT summary FROM findings WHERE severity = 'high' "
                + "AND first_seen >= TIMESTAMP '2026-09-21' AND first_seen < TIMESTAMP '2026-09-28'")) {
            assertFalse((p.text + p.html).contains((String) f.get("summary")), "a finding summary was mailed");
        }
    }

    @Test
    void dailyDigestListsOnlyNewHighFindingsAndThenSendsNothing() throws Exception {
        // Everything already in the store counts as reported; one new finding whose summary names a pupil.
        school.db.update("INSERT INTO digest_findings SELECT 'daily', 'seed', finding_id FROM findings");
        Map<String, Object> pupil = school.rows("SELECT pupil_id, forename, surname FROM pupils ORDER BY pupil_id LIMIT 1").get(0);
        Object staff = school.one("SELECT min(staff_id) FROM staff WHERE display_name IS NOT NULL");
        school.db.update("INSERT INTO findings (finding_id, detector, staff_id, account, subject, first_seen, last_seen, "
                + "severity, score, aup_clause, summary, status) VALUES ('Ftest-digest-1', 'out_of_role_access', ?, "
                + "'acct', ?, TIMESTAMP '2026-09-27 10:00', TIMESTAMP '2026-09-27 11:00', 'high', 9, 'ACC-2', ?, 'open')",
                staff, pupil.get("pupil_id"), "Opened the incident of " + pupil.get("forename") + " " + pupil.get("surname")
                        + " (" + pupil.get("pupil_id") + ") about a disclosure at home");
        DigestService s = service(MONDAY);
        List<Outcome> first = s.runDue();
        assertTrue(first.contains(Outcome.SENT));
        MimeMessage daily = only(mail.getReceivedMessages(), "dsl@school.example");
        assertEquals(2, daily.getAllRecipients().length);
        Parts p = parts(daily);
        assertTrue(p.text.contains(BASE + "/findings/Ftest-digest-1"), p.text);
        assertTrue(p.html.contains(BASE + "/findings/Ftest-digest-1"));
        assertTrue(p.text.contains(String.valueOf(school.one("SELECT display_name FROM staff WHERE staff_id = ?", staff))));
        assertFalse((p.text + p.html).contains("disclosure"), "incident text was mailed");
        assertNoPupil(p.text + p.html + daily.getSubject());

        int before = mail.getReceivedMessages().length;
        // The next morning: nothing new, so nothing is sent.
        DigestService tomorrow = service(MONDAY.plusSeconds(24 * 3600));
        assertTrue(tomorrow.runDue().contains(Outcome.NOTHING_NEW));
        assertEquals(before, mail.getReceivedMessages().length);
        assertEquals("nothing_new", school.one("SELECT status FROM sent_digests WHERE kind = 'daily' AND period = '2026-09-29'"));
    }

    @Test
    void dailyDigestSaysSchoolDatesStatusAndAgeAndLinksWhereTheServerRuns() throws Exception {
        school.db.update("INSERT INTO digest_findings SELECT 'daily', 'seed', finding_id FROM findings");
        Object staff = school.one("SELECT min(staff_id) FROM staff WHERE display_name IS NOT NULL");
        // 23:30 UTC on Sunday 27 September is 00:30 on Monday 28 September at school (BST, +1 h).
        school.db.update("INSERT INTO findings (finding_id, detector, staff_id, account, subject, first_seen, last_seen, "
                + "severity, score, aup_clause, summary, status) VALUES ('Ftest-digest-late', 'out_of_role_access', ?, "
                + "'acct', 'pupil records', TIMESTAMP '2026-09-27 23:30', TIMESTAMP '2026-09-27 23:40', 'high', 9, "
                + "'ACC-1', 'x', 'confirmed')", staff);
        school.db.update("INSERT INTO findings (finding_id, detector, staff_id, account, subject, first_seen, last_seen, "
                + "severity, score, aup_clause, summary, status) VALUES ('Ftest-digest-old', 'bulk_export', ?, "
                + "'acct', 'export', TIMESTAMP '2026-09-07 10:00', TIMESTAMP '2026-09-07 10:05', 'high', 9, "
                + "'DATA-2', 'x', 'open')", staff);
        var d = new DigestBuilder(school.db, school.settings, DigestSettings.from(ConfigFile.defaults()), LONDON)
                .servedAt("http://127.0.0.1:8123/").daily(java.time.LocalDate.parse("2026-09-28"), List.of("dsl@x"));
        for (String body : List.of(d.text(), d.html())) {
            assertTrue(body.contains("Mon 28 Sep 2026 (today)"), "the school's date, +1 h over midnight: " + body);
            assertFalse(body.contains("Sun 27 Sep"), body);
            assertTrue(body.contains("Mon 7 Sep 2026 (3 weeks ago)"), "an old finding says its age");
            assertTrue(body.contains("status confirmed"), "a confirmed finding says so");
            assertTrue(body.contains("Opened pupils") && body.contains("records with no reason recorded"), "a plain title");
            assertFalse(body.contains("out_of_role_access"), "no detector id");
            assertTrue(body.contains("http://127.0.0.1:8123/findings/Ftest-digest-late"), "links where the server runs");
        }
    }

    @Test
    void aScheduleRunTwiceForOnePeriodSendsOnce() throws Exception {
        school.db.update("INSERT INTO digest_findings SELECT 'daily', 'seed', finding_id FROM findings");
        DigestService s = service(MONDAY);
        assertEquals(List.of(Outcome.SENT, Outcome.NOTHING_NEW), s.runDue());
        // Again, and after a restart later the same week: the week of 21 September is done.
        assertEquals(List.of(Outcome.ALREADY_DONE, Outcome.ALREADY_DONE), s.runDue());
        assertEquals(Outcome.ALREADY_DONE, service(MONDAY.plusSeconds(3 * 24 * 3600 - 3600)).runDue().get(0));
        assertEquals(1, mail.getReceivedMessages().length);
        assertEquals(1, ((Number) school.one("SELECT count(*) FROM sent_digests WHERE kind = 'weekly' AND status = 'sent'"))
                .intValue());
    }

    @Test
    void smtpDownThenUpSendsExactlyOneMessage() throws Exception {
        school.db.update("INSERT INTO digest_findings SELECT 'daily', 'seed', finding_id FROM findings");
        int port = freePort(); // nothing listens here yet
        assertEquals(Outcome.FAILED, service(port, MONDAY, "").runDue().get(0));
        Map<String, Object> failure = DigestService.lastFailure(school.db);
        assertNotNull(failure, "the failure is recorded for the weekly page");
        assertEquals("weekly", failure.get("kind"));
        String error = String.valueOf(failure.get("last_error"));
        assertFalse(error.contains("Weekly access audit"), "no content in the recorded error");
        Http.test(school.server(Clock.systemUTC()), http -> {
            Http.Reply page = http.get("/?week=2026-09-21", http.signIn("dpo"));
            assertTrue(page.body().contains("Digest delivery: last failure"), "shown in the weekly page's data health");
        });
        // Within the back-off nothing is tried.
        assertEquals(Outcome.WAITING, service(port, MONDAY.plusSeconds(30), "").runDue().get(0));

        GreenMail up = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        up.start();
        try {
            assertEquals(Outcome.SENT, service(port, MONDAY.plusSeconds(61), "").runDue().get(0));
            assertEquals(Outcome.ALREADY_DONE, service(port, MONDAY.plusSeconds(200), "").runDue().get(0));
            assertEquals(1, up.getReceivedMessages().length);
            assertNull(DigestService.lastFailure(school.db), "the failure is resolved");
            assertEquals(2, ((Number) school.one("SELECT attempts FROM sent_digests WHERE kind = 'weekly'")).intValue());
        } finally {
            up.stop();
        }
    }

    @Test
    void staffCanBeNamedByInitials() throws Exception {
        service(PORT, MONDAY, "  staff_names: initials\n");
        DigestSettings settings = DigestSettings.from(ConfigFile.load(Path.of("target", "digest-test", "auditor.yaml")));
        assertEquals("initials", settings.digests().staffNames());
        var d = new DigestBuilder(school.db, school.settings, settings, LONDON)
                .weekly(java.time.LocalDate.parse("2026-09-21"), List.of("dpo@school.example"));
        assertFalse(d.findingIds().isEmpty());
        for (Map<String, Object> st : school.rows("SELECT display_name FROM staff WHERE display_name LIKE '% %'")) {
            assertFalse(d.text().contains((String) st.get("display_name")), "a full staff name with initials configured");
        }
    }

    private static DigestBuilder builder(DigestService s) throws IOException {
        DigestSettings settings = DigestSettings.from(ConfigFile.load(Path.of("target", "digest-test", "auditor.yaml")));
        return new DigestBuilder(school.db, school.settings, settings, LONDON);
    }

    /**
     * No pupil's id (as a word) and no pupil's full name, checked against the whole roster. A pupil
     * who shares a full name with a member of staff (the generator draws both from one list) is
     * checked by id only: the staff member may be named.
     */
    static void assertNoPupil(String mailText) {
        List<Map<String, Object>> pupils = school.rows("SELECT pupil_id, forename, surname, "
                + "(forename || ' ' || surname) IN (SELECT display_name FROM staff WHERE display_name IS NOT NULL) "
                + "AS staff_namesake FROM pupils");
        assertFalse(pupils.isEmpty());
        for (Map<String, Object> p : pupils) {
            String id = (String) p.get("pupil_id");
            assertFalse(Pattern.compile("\\b" + Pattern.quote(id) + "\\b").matcher(mailText).find(), "pupil id " + id);
            String name = p.get("forename") + " " + p.get("surname");
            assertTrue(Boolean.TRUE.equals(p.get("staff_namesake")) || !mailText.contains(name), "pupil name " + name);
        }
    }

    record Parts(String text, String html) {
    }

    static Parts parts(MimeMessage m) throws Exception {
        MimeMultipart mp = (MimeMultipart) m.getContent();
        assertTrue(mp.getContentType().startsWith("multipart/alternative"), mp.getContentType());
        assertEquals(2, mp.getCount());
        BodyPart text = mp.getBodyPart(0);
        BodyPart html = mp.getBodyPart(1);
        assertTrue(text.isMimeType("text/plain"));
        assertTrue(html.isMimeType("text/html"));
        return new Parts((String) text.getContent(), (String) html.getContent());
    }

    static MimeMessage only(MimeMessage[] got, String to) throws Exception {
        MimeMessage found = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage m : got) {
            if (!seen.add(m.getMessageID())) {
                continue; // GreenMail keeps one copy per recipient's mailbox
            }
            for (var a : m.getAllRecipients()) {
                if (a.toString().equals(to)) {
                    assertNull(found, "two messages to " + to);
                    found = m;
                }
            }
        }
        assertNotNull(found, "no message to " + to);
        return found;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
