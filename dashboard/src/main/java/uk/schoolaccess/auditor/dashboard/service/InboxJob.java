package uk.schoolaccess.auditor.dashboard.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.schoolaccess.auditor.ingest.IngestSummary;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.SourceLocator;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

/**
 * One run of the school's routine inside the server: load the new or changed files of the inbox
 * folders, audit the days they cover, then send the digests that are due — in that order, so a
 * digest always reports what was loaded. Each file is recorded in inbox_files by path and
 * content hash: a loaded file is not read again, a failed one is reported once and retried only
 * when its content changes. A job cut short (the server was killed) is marked interrupted when
 * the server starts again, and the next job loads what it had not and audits what it had loaded.
 */
public final class InboxJob {

    private static final Logger LOG = LoggerFactory.getLogger(InboxJob.class);

    /** Audits the days from..to (school zone) and returns its one-line summary. */
    @FunctionalInterface
    public interface AuditStep {
        String audit(Store store, LocalDate from, LocalDate to) throws Exception;
    }

    /** Sends whatever digests are due and says what it did; null when digests are off. */
    @FunctionalInterface
    public interface DigestStep {
        String sendDue();
    }

    /** What one job did, as the Jobs page and the log show it. */
    public record Outcome(long jobId, String status, int filesLoaded, int filesFailed, long rowsAdded,
                          long duplicates, long quarantined, String audit, String digests, String error) {
    }

    private final StoreOwner owner;
    private final IngestSettings ingestSettings;
    private final ServiceSettings settings;
    private final ZoneId zone;
    private final Clock clock;
    private final AuditStep auditStep;
    private final DigestStep digestStep;

    public InboxJob(StoreOwner owner, IngestSettings ingestSettings, ServiceSettings settings, ZoneId zone,
                    Clock clock, AuditStep auditStep, DigestStep digestStep) {
        this.owner = owner;
        this.ingestSettings = ingestSettings;
        this.settings = settings;
        this.zone = zone;
        this.clock = clock;
        this.auditStep = auditStep;
        this.digestStep = digestStep;
    }

    /** Marks jobs a crash cut short; returns how many there were. Called once as the server starts. */
    public int markInterrupted() throws SQLException {
        try (Store s = Store.shareOf(owner.store()); PreparedStatement p = s.connection().prepareStatement(
                "UPDATE jobs SET status = 'interrupted', finished_at = ?, progress = NULL, error = 'the server "
                        + "stopped during this job; the next job finished its work' WHERE status = 'running'")) {
            p.setObject(1, utc(clock.instant()));
            return p.executeUpdate();
        }
    }

    /** Runs one job now, alone among the server's writers. */
    public Outcome run(String trigger) throws Exception {
        return owner.exclusive("the inbox job (" + trigger + ")", null, () -> runAlone(trigger));
    }

    private Outcome runAlone(String trigger) throws Exception {
        try (Store s = Store.shareOf(owner.store())) {
            Connection c = s.connection();
            Instant started = clock.instant();
            long lastBatch = lastBatch(c);
            // Batches loaded since the earliest interrupted job are audited again: a crash may have
            // stopped it between its ingest and its audit.
            long since = Math.min(lastBatch, interruptedSince(c));
            long jobId = startJob(c, trigger, started, lastBatch);
            int loaded = 0;
            int failed = 0;
            long added = 0;
            long dups = 0;
            long quarantined = 0;
            List<String> errors = new ArrayList<>();
            try {
                List<Path> files = candidates();
                int i = 0;
                for (Path f : files) {
                    i++;
                    String sha = Ingestor.sha256(SourceFile.of(f));
                    if (seen(c, f, sha)) {
                        continue;
                    }
                    progress(c, jobId, "loading file " + i + " of " + files.size() + ": " + f.getFileName());
                    FileResult r = ingest(s, f);
                    record(c, jobId, f, sha, r);
                    if (r.error == null) {
                        loaded++;
                    } else {
                        failed++;
                        errors.add(f.getFileName() + ": " + r.error);
                        // Reported once: the file is recorded with its hash and not tried again until it changes.
                        LOG.warn("inbox file {} not loaded: {}", f, r.error);
                    }
                    for (BatchResult b : r.batches) {
                        // Loaded, but a roster export cut short took nothing away: the school
                        // must fix the export, so the Jobs page lists it among the problems.
                        if (b.snapshotIncomplete()) {
                            errors.add(f.getFileName() + ": " + b.incompleteSnapshot());
                            LOG.warn("inbox file {}: {}", f, b.incompleteSnapshot());
                        } else if (b.removed() > 0) {
                            LOG.info("inbox file {}: removed {} login(s) or relationship(s) it no longer lists", f,
                                    b.removed());
                        }
                    }
                    added += r.added;
                    dups += r.duplicates;
                    quarantined += r.quarantined;
                }
                String audit = null;
                LocalDate[] days = affectedDays(c, since);
                if (days != null) {
                    progress(c, jobId, "auditing " + days[0] + " to " + days[1]);
                    audit = auditStep.audit(s, days[0], days[1]);
                }
                String digests = null;
                if (digestStep != null) {
                    progress(c, jobId, "sending due digests");
                    digests = digestStep.sendDue();
                }
                String status = failed > 0 || !errors.isEmpty() ? "done with errors" : "done";
                finish(c, jobId, status, loaded, failed, added, dups, quarantined, audit, digests,
                        errors.isEmpty() ? null : String.join("; ", errors));
                return new Outcome(jobId, status, loaded, failed, added, dups, quarantined, audit, digests,
                        errors.isEmpty() ? null : String.join("; ", errors));
            } catch (Exception e) {
                String why = ControlServer.firstLine(e);
                finish(c, jobId, "failed", loaded, failed, added, dups, quarantined, null, null, why);
                LOG.warn("inbox job {} failed: {}", jobId, why);
                return new Outcome(jobId, "failed", loaded, failed, added, dups, quarantined, null, null, why);
            }
        }
    }

    /** The inbox's files that are complete: not hidden, not a partial copy, unchanged for a while. */
    List<Path> candidates() throws IOException {
        List<Path> out = new ArrayList<>();
        Instant settled = clock.instant().minusSeconds(settings.sources().settleSeconds());
        for (Path dir : settings.sources().folders(owner.store().path())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            // The inbox folder itself may be a link (set up by whoever configured the service);
            // its files keep their paths under the name configured.
            Path start = Files.isSymbolicLink(dir) ? dir.toRealPath() : dir;
            try (Stream<Path> walk = Files.walk(start)) {
                // Only files copied into the inbox, never links: whoever may drop files here need
                // not be able to read the rest of the server, and a link could name any file the
                // service's user can read (`auditor ingest`, run by its owner, follows links).
                walk.map(p -> dir.resolve(start.relativize(p)))
                        .filter(p -> !p.equals(dir) && SourceLocator.takes(dir, p) && !partial(p))
                        .filter(p -> {
                            if (Files.isSymbolicLink(p)) {
                                LOG.warn("inbox link {} left alone: the inbox loads only files copied into it", p);
                                return false;
                            }
                            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
                        })
                        .filter(p -> modified(p).isBefore(settled))
                        .sorted()
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** A copy or download still in progress, by the names browsers and copy tools give them. */
    private static boolean partial(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.startsWith("~") || name.endsWith(".part") || name.endsWith(".partial") || name.endsWith(".tmp")
                || name.endsWith(".crdownload") || name.endsWith(".filepart");
    }

    private static Instant modified(Path p) {
        try {
            FileTime t = Files.getLastModifiedTime(p);
            return t.toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }

    private record FileResult(List<BatchResult> batches, long added, long duplicates, long quarantined, String error) {
    }

    private FileResult ingest(Store s, Path f) throws IOException {
        List<String> problems = new ArrayList<>();
        IngestSummary summary = new Ingestor(s, Readers.builtIn(), new ReadContext(ingestSettings),
                new Ingestor.Listener() {
                    @Override
                    public void finished(BatchResult result) {
                    }

                    @Override
                    public void unrecognised(SourceFile file, List<String> headersSeen) {
                        problems.add("format not recognised");
                    }

                    @Override
                    public void failed(SourceFile file, String reason) {
                        problems.add(reason);
                    }
                }).run(List.of(f), null);
        return new FileResult(summary.batches(), summary.added(), summary.duplicates(), summary.quarantined(),
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static boolean seen(Connection c, Path f, String sha) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM inbox_files WHERE path = ? AND sha256 = ?")) {
            p.setString(1, f.toString());
            p.setString(2, sha);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void record(Connection c, long jobId, Path f, String sha, FileResult r) throws SQLException, IOException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO inbox_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (path, sha256) DO NOTHING")) {
            p.setString(1, f.toString());
            p.setString(2, sha);
            p.setLong(3, Files.size(f));
            p.setLong(4, jobId);
            p.setString(5, r.error == null ? "loaded" : "failed");
            p.setObject(6, r.batches.isEmpty() ? null : r.batches.get(r.batches.size() - 1).batchId());
            p.setLong(7, r.added);
            p.setLong(8, r.duplicates);
            p.setLong(9, r.quarantined);
            p.setString(10, r.error);
            p.setObject(11, utc(clock.instant()));
            p.executeUpdate();
        }
    }

    /** The school days the batches loaded since {@code since} cover, or null when nothing new was loaded. */
    private LocalDate[] affectedDays(Connection c, long sinceBatch) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT min(first_event), max(last_event) FROM ingest_batches "
                + "WHERE batch_id > ? AND rows_ok > 0 AND first_event IS NOT NULL")) {
            p.setLong(1, sinceBatch);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(1) == null) {
                    return null;
                }
                return new LocalDate[] {toDate(rs.getTimestamp(1)), toDate(rs.getTimestamp(2))};
            }
        }
    }

    private LocalDate toDate(Timestamp utcWall) {
        return utcWall.toLocalDateTime().atZone(java.time.ZoneOffset.UTC).withZoneSameInstant(zone).toLocalDate();
    }

    private static long lastBatch(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(batch_id), 0) FROM ingest_batches");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The last batch before the earliest job interrupted since the last finished one; MAX_VALUE for none. */
    private static long interruptedSince(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT min(batches_after) FROM jobs WHERE status = 'interrupted' "
                + "AND job_id > coalesce((SELECT max(job_id) FROM jobs WHERE status LIKE 'done%'), 0)");
             ResultSet rs = p.executeQuery()) {
            return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : Long.MAX_VALUE;
        }
    }

    private static long startJob(Connection c, String trigger, Instant started, long batchesAfter)
            throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(job_id), 0) + 1 FROM jobs");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs (job_id, kind, trigger, status, started_at, "
                + "batches_after, progress) VALUES (?, 'inbox', ?, 'running', ?, ?, 'looking for new files')")) {
            p.setLong(1, id);
            p.setString(2, trigger);
            p.setObject(3, utc(started));
            p.setLong(4, batchesAfter);
            p.executeUpdate();
        }
        return id;
    }

    private static void progress(Connection c, long jobId, String text) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET progress = ? WHERE job_id = ?")) {
            p.setString(1, text);
            p.setLong(2, jobId);
            p.executeUpdate();
        }
    }

    private void finish(Connection c, long jobId, String status, int loaded, int failed, long added, long dups,
                        long quarantined, String audit, String digests, String error) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = ?, finished_at = ?, files_loaded = ?, "
                + "files_failed = ?, rows_added = ?, duplicates = ?, quarantined = ?, audit_summary = ?, digests = ?, "
                + "error = ?, progress = NULL WHERE job_id = ?")) {
            p.setString(1, status);
            p.setObject(2, utc(clock.instant()));
            p.setInt(3, loaded);
            p.setInt(4, failed);
            p.setLong(5, added);
            p.setLong(6, dups);
            p.setLong(7, quarantined);
            p.setString(8, audit);
            p.setString(9, digests);
            p.setString(10, error);
            p.setLong(11, jobId);
            p.executeUpdate();
        }
    }

    /** Stored times are UTC wall-clock values, as everywhere in the store. */
    private static java.time.LocalDateTime utc(Instant i) {
        return java.time.LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
    }

}
