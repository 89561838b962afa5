package uk.schoolaccess.auditor.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import uk.schoolaccess.auditor.dashboard.cli.AuditorMain;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * Issue 12's scheduled routine, against a real 'auditor serve' process: files dropped into the
 * inbox are loaded and audited by the schedule, the due digest goes to a real SMTP server
 * (GreenMail) once, after the audit; a file with errors is reported once and retried only when
 * it changes; a server killed (kill -9) mid-job finishes the job once on restart, with the same
 * rows as one clean ingest and no digest sent twice.
 */
class InboxRoutineTest {

    private static final String PASSWORD = "a long test passphrase 7";
    private GreenMail mail;
    private int smtpPort;

    @BeforeEach
    void smtp() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @AfterEach
    void stopSmtp() {
        mail.stop();
    }

    private String config(String every) {
        return """
                sources:
                  inbox: [inbox]
                  settle_seconds: 0
                jobs:
                  ingest: {every: %s}
                smtp:
                  host: 127.0.0.1
                  port: %d
                  security: none
                  from: auditor@school.example
                  timeout_seconds: 10
                digests:
                  recipients: {dpo: [dpo@school.example]}
                  daily: {enabled: false}
                """.formatted(every, smtpPort);
    }

    @Test
    void droppedFilesAreLoadedAuditedAndDigestedOnceAndABadFileIsReportedOnce() throws Exception {
        Path school = ServiceSchool.get();
        Path dir = Path.of("target", "inbox-routine").toAbsolutePath();
        Path store = ServiceSchool.storeIn(dir, config("2s"));
        assertEquals(0, AuditorProcess.inProcess(PASSWORD, "users", "add", "dpo", "--role", "dpo", "--password-stdin", "--db", store.toString()));
        Path inbox = dir.resolve("inbox");
        // The week's exports are waiting when the server starts: its first run takes them all.
        copyInto(inbox, ServiceSchool.firstWeeks(school));
        copyInto(inbox, ServiceSchool.lastWeek(school));
        // A link dropped into the inbox is left alone: only files copied there are loaded.
        Path link = inbox.resolve("linked-export.csv");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, ServiceSchool.lastWeek(school).get(0).toAbsolutePath());
        try (ServerProcess server = ServerProcess.start(dir, store)) {
            int files = ServiceSchool.firstWeeks(school).size() + ServiceSchool.lastWeek(school).size();
            Map<String, String> done = waitForJob(store, j -> j.contains("files loaded " + files + ","));
            String job = done.values().iterator().next();
            assertTrue(job.contains("audit: Findings:"), job);
            assertTrue(job.contains("digests: sent"), "the digest goes after the audit, in the same run: " + job);
            assertEquals(1, mail.getReceivedMessages().length);

            // The Jobs page lists the run.
            var dpo = ServerHandsOverTest.Browser.signIn(server.port(), "dpo", PASSWORD);
            var page = dpo.get("/jobs");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("server started") && page.body().contains("<td>" + files + "</td>"),
                    page.body());

            // A broken file: reported by one run, then left alone by the next runs until it changes.
            Path bad = inbox.resolve("broken-export.csv");
            Files.writeString(bad, "this is not,an export\n1,2\n");
            waitForJob(store, j -> j.contains("broken-export.csv"));
            Thread.sleep(6000); // two or three more scheduled runs
            assertEquals(1, count(jobs(store), "broken-export.csv"), jobs(store));
            Files.writeString(bad, "still not,an export\n3,4\n");
            Files.setLastModifiedTime(bad, FileTime.from(Instant.now().minusSeconds(5)));
            waitFor(store, () -> count(jobs(store), "broken-export.csv") == 2);
            assertEquals(1, mail.getReceivedMessages().length, "the weekly digest was sent once");

            // An upload on the Jobs page goes into the inbox, private to the service, and starts a run.
            Path export = ServiceSchool.lastWeek(school).get(0);
            var reply = dpo.upload("/jobs/upload", "files", "week-3 again.csv", Files.readAllBytes(export));
            assertEquals(303, reply.statusCode(), reply.body());
            Map<String, String> uploaded = waitForJob(store, j -> j.contains("upload by dpo: done; files loaded 1,"));
            assertTrue(uploaded.values().iterator().next().contains("rows added 0"), "the rows were there already");
            try (var listing = Files.list(inbox.resolve("uploads"))) {
                Path saved = listing.filter(p -> p.getFileName().toString().endsWith("-week-3_again.csv")).findFirst()
                        .orElseThrow();
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(saved)));
            }
            var refused = dpo.upload("/jobs/upload", "files", "x.csv", new byte[0], false);
            assertEquals(403, refused.statusCode(), "an upload without the form token is refused");
        }
    }

    @Test
    void aServerKilledMidJobFinishesItOnceOnRestart() throws Exception {
        Path school = ServiceSchool.get();
        Path dir = Path.of("target", "inbox-killed").toAbsolutePath();
        Path store = ServiceSchool.storeIn(dir, config("1h"));
        List<Path> all = new ArrayList<>(ServiceSchool.firstWeeks(school));
        all.addAll(ServiceSchool.lastWeek(school));
        copyInto(dir.resolve("inbox"), all);
        // Each export also arrives twice more under other names (as re-sent files do): the job takes
        // long enough to be killed in the middle even on a quiet machine, and the copies add no rows.
        for (String again : List.of("resent-", "again-")) {
            for (Path f : all) {
                Files.copy(f, dir.resolve("inbox").resolve(again + f.getParent().getFileName() + "-" + f.getFileName()));
            }
        }
        ServerProcess first = ServerProcess.start(dir, store);
        try {
            waitFor(store, () -> {
                String now = jobs(store);
                return now.contains("loading file ") && !now.contains("loading file 1 of");
            });
        } finally {
            first.kill();
        }
        assertTrue(!jobs(store).contains("server started: done"), "the first job was killed before it finished");
        try (ServerProcess again = ServerProcess.start(dir, store)) {
            waitForJob(store, j -> j.contains("resumed after the server restarted: done"));
            assertTrue(jobs(store).contains(": interrupted"), jobs(store));
        }
        Path clean = ServiceSchool.storeIn(dir.resolve("clean"), "");
        List<String> args = new ArrayList<>(List.of("ingest", "--db", clean.toString()));
        all.forEach(f -> args.add(f.toString()));
        assertEquals(0, AuditorProcess.inProcess(PASSWORD, args.toArray(String[]::new)));
        try (Store a = Store.openExisting(store); Store b = Store.openExisting(clean)) {
            for (String table : List.of("record_access", "signins", "logon_events", "staff", "pupils", "quarantine")) {
                assertEquals(b.count(table), a.count(table), table);
            }
            assertEquals(1, a.count("sent_digests WHERE status = 'sent'"));
        }
        assertEquals(1, mail.getReceivedMessages().length, "no digest sent twice");
    }

    private static void copyInto(Path inbox, List<Path> files) throws IOException {
        Files.createDirectories(inbox);
        for (Path f : files) {
            Path target = inbox.resolve(f.getParent().getFileName() + "-" + f.getFileName());
            Path tmp = inbox.resolve("." + target.getFileName() + ".part");
            Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** 'auditor jobs' run from this JVM: handed to the running server, or alone when none runs. */
    private static String jobs(Path store) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AuditorMain.run(new String[] {"jobs", "--limit", "50", "--db", store.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        return out + err.toString();
    }

    /** Waits until a job line (with its detail lines) matches; returns the matching entries by first line. */
    private static Map<String, String> waitForJob(Path store, Predicate<String> match) throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        waitFor(store, () -> {
            found.clear();
            StringBuilder entry = null;
            for (String line : (jobs(store) + "\n#").split("\n")) {
                if (line.startsWith("#")) {
                    if (entry != null && match.test(entry.toString())) {
                        found.put(entry.toString().lines().findFirst().orElse(""), entry.toString());
                    }
                    entry = new StringBuilder(line);
                } else if (entry != null) {
                    entry.append('\n').append(line);
                }
            }
            return !found.isEmpty();
        });
        return found;
    }

    private static void waitFor(Path store, java.util.concurrent.Callable<Boolean> ok) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
        while (Instant.now().isBefore(deadline)) {
            if (ok.call()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out; jobs now:\n" + jobs(store));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

}
