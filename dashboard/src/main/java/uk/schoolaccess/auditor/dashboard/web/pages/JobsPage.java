package uk.schoolaccess.auditor.dashboard.web.pages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import uk.schoolaccess.auditor.dashboard.service.ServiceSettings;
import uk.schoolaccess.auditor.dashboard.service.StoreOwner;
import uk.schoolaccess.auditor.dashboard.web.WebServer;

/**
 * The Jobs page (DPO and IT): every run of the school's routine with what it loaded, audited and
 * sent, a live progress line while one runs, "Run now", and an upload form whose files go into
 * the inbox to be loaded by the next run (which the upload starts at once).
 */
public final class JobsPage {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final WebServer.Web web;
    private final StoreOwner owner;
    private final ServiceSettings settings;

    public JobsPage(WebServer.Web web, StoreOwner owner, ServiceSettings settings) {
        this.web = web;
        this.owner = owner;
        this.settings = settings;
    }

    public void routes(Javalin app) {
        app.get("/jobs", this::show);
        app.post("/jobs/run", this::runNow);
        app.post("/jobs/upload", this::upload);
    }

    private List<Path> inbox() {
        return settings.sources().folders(owner.store().path());
    }

    private void show(Context ctx) {
        web.require(ctx, web.user(ctx).role().runsJobs());
        List<Map<String, Object>> jobs = new ArrayList<>();
        boolean running = false;
        for (Map<String, Object> r : web.db().rows("SELECT * FROM jobs ORDER BY job_id DESC LIMIT 50")) {
            Map<String, Object> j = new LinkedHashMap<>(r);
            j.put("started", local((LocalDateTime) r.get("started_at")));
            j.put("finished", local((LocalDateTime) r.get("finished_at")));
            running |= "running".equals(r.get("status"));
            jobs.add(j);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Jobs");
        m.put("zone", web.zone().getId());
        m.put("jobs", jobs);
        m.put("running", running);
        m.put("inbox", inbox().stream().map(Path::toString).toList());
        m.put("schedule", owner.jobs() == null ? null : owner.jobs().schedule().describe());
        m.put("nextRun", owner.jobs() == null || owner.jobs().nextRun() == null ? null
                : local(LocalDateTime.ofInstant(owner.jobs().nextRun(), ZoneOffset.UTC)));
        m.put("maxUploadMb", settings.sources().maxUploadMb());
        m.put("failedFiles", web.db().rows("SELECT path, reason, seen_at FROM inbox_files WHERE status = 'failed' "
                + "ORDER BY seen_at DESC LIMIT 20").stream().map(r -> Map.of("name",
                Path.of((String) r.get("path")).getFileName().toString(), "reason", String.valueOf(r.get("reason")),
                "when", local((LocalDateTime) r.get("seen_at")))).toList());
        String uploaded = ctx.queryParam("uploaded");
        m.put("uploaded", uploaded != null && uploaded.matches("\\d{1,4}") ? Integer.parseInt(uploaded) : null);
        m.put("queued", "1".equals(ctx.queryParam("queued")));
        web.page(ctx, "jobs", m);
    }

    private void runNow(Context ctx) {
        web.require(ctx, web.user(ctx).role().runsJobs());
        if (owner.jobs() == null) {
            throw new IllegalArgumentException("No inbox folder is configured (sources.inbox), so there is nothing "
                    + "to run; see docs/operations.md.");
        }
        web.accessLog().record(ctx, web.user(ctx), "job", "run now");
        owner.jobs().runNow("run now by " + web.user(ctx).name());
        ctx.redirect("/jobs?queued=1", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void upload(Context ctx) throws IOException {
        web.require(ctx, web.user(ctx).role().runsJobs());
        if (inbox().isEmpty() || owner.jobs() == null) {
            throw new IllegalArgumentException("No inbox folder is configured (sources.inbox), so uploads have "
                    + "nowhere to go; see docs/operations.md.");
        }
        List<UploadedFile> files = ctx.uploadedFiles("files");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Choose one or more export files to upload.");
        }
        long cap = settings.sources().maxUploadMb() * 1024L * 1024L;
        Path dir = inbox().get(0).resolve("uploads");
        Files.createDirectories(dir);
        String stamp = STAMP.format(LocalDateTime.now(ZoneOffset.UTC));
        int n = 0;
        for (UploadedFile f : files) {
            if (f.size() > cap) {
                throw new IllegalArgumentException(safeName(f.filename()) + " is larger than the "
                        + settings.sources().maxUploadMb() + " MB upload limit (sources.max_upload_mb); copy it into "
                        + "the inbox folder instead.");
            }
            Path target = dir.resolve(stamp + "-" + (++n) + "-" + safeName(f.filename()));
            Path partial = dir.resolve("." + target.getFileName() + ".part");
            try (InputStream in = f.content()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the inbox folder's own protection applies
            }
            // A settled file is taken by the next run; an upload is complete, so it is dated back.
            Files.setLastModifiedTime(partial, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minusSeconds(settings.sources().settleSeconds() + 1L)));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            web.accessLog().record(ctx, web.user(ctx), "upload", target.getFileName().toString());
        }
        owner.jobs().runNow("upload by " + web.user(ctx).name());
        ctx.redirect("/jobs?uploaded=" + n, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** The file's own name, without folders or characters a file system or a shell would misread. */
    static String safeName(String name) {
        String base = name == null ? "upload" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        base = base.replaceAll("^[.]+", "");
        return base.isEmpty() ? "upload" : base.length() > 120 ? base.substring(base.length() - 120) : base;
    }

    private String local(LocalDateTime utc) {
        return utc == null ? "" : WHEN.format(utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(web.zone()));
    }
}
