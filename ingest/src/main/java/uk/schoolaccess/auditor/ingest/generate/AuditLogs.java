package uk.schoolaccess.auditor.ingest.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The five weekly audit logs a school's systems produce, opened and closed together. */
final class AuditLogs {
    final WeeklyLog sims;
    final WeeklyLog cpoms;
    final WeeklyLog entra;
    final WeeklyLog google;
    final WeeklyLog windows;
    private final List<WeeklyLog> all;

    AuditLogs(Path out) {
        sims = WeeklyLog.csv(out, "mis", "sims-audit-week-%02d.csv", SimsAudit.HEADER);
        cpoms = WeeklyLog.csv(out, "cpoms", "cpoms-audit-week-%02d.csv", CpomsAudit.HEADER);
        entra = WeeklyLog.csv(out, "entra", "entra-signins-week-%02d.csv", Csv.line(EntraSignIns.HEADER.toArray(String[]::new)));
        google = WeeklyLog.jsonArray(out, "google", "google-login-week-%02d.json",
                "{\"kind\":\"admin#reports#activities\",\"items\":[", "]}");
        windows = WeeklyLog.ndjson(out, "windows", "windows-security-week-%02d.ndjson");
        all = List.of(sims, cpoms, entra, google, windows);
    }

    void startWeek(int week) throws IOException {
        for (WeeklyLog log : all) log.startWeek(week);
    }

    void flushDay() throws IOException {
        for (WeeklyLog log : all) log.flushDay();
    }

    void endWeek(Map<String, Long> rowsPerFile) throws IOException {
        for (WeeklyLog log : all) log.endWeek(rowsPerFile);
    }
}
