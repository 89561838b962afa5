package uk.schoolaccess.auditor.ingest.generate;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What a generator run wrote: data rows per file (relative path, sorted) and how long it took. */
public record GeneratorReport(Map<String, Long> rowsPerFile, Duration elapsed) {

    public GeneratorReport {
        rowsPerFile = Collections.unmodifiableMap(new TreeMap<>(rowsPerFile));
    }

    public long totalRows() {
        return rowsPerFile.values().stream().mapToLong(Long::longValue).sum();
    }
}
