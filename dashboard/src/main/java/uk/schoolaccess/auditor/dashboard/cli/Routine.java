package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

import uk.schoolaccess.auditor.dashboard.digest.DigestService;
import uk.schoolaccess.auditor.dashboard.service.InboxJob;
import uk.schoolaccess.auditor.dashboard.service.ServiceSettings;
import uk.schoolaccess.auditor.dashboard.service.StoreOwner;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;

/**
 * The school's routine as one job (docs/operations.md): the inbox's new files, the audit of the
 * days they cover, then the due digests. Built here, where the audit command's own code is, so
 * the scheduled audit prints and saves exactly what 'auditor audit' does.
 */
final class Routine {

    private Routine() {
    }

    static InboxJob inboxJob(StoreOwner owner, ConfigFile config, DigestService digests, Clock clock) {
        IngestSettings ingest = IngestSettings.from(config);
        InboxJob.DigestStep digestStep = digests == null ? null : () -> describe(digests.runDue());
        return new InboxJob(owner, ingest, ServiceSettings.from(config), ingest.zoneOf(null), clock,
                (store, from, to) -> {
                    StringWriter text = new StringWriter();
                    // as the file is now: the DPO may have accepted networks since serve started
                    AuditCommand.runAndPrint(new PrintWriter(text), store, config.reread(), from, to, null);
                    // The summary line ("Findings: 41 (3 new) ...") is what a job's history needs.
                    return text.toString().lines().filter(l -> l.startsWith("Findings:")).findFirst()
                            .orElse("audited " + from + " to " + to);
                }, digestStep);
    }

    private static String describe(List<DigestService.Outcome> outcomes) {
        return outcomes.isEmpty() ? "no digest configured"
                : outcomes.stream().map(o -> o.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
    }
}
