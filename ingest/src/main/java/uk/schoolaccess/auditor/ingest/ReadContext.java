package uk.schoolaccess.auditor.ingest;

import java.time.ZoneId;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;

/** What a reader needs to know beyond the file: the school and each source's time zone. */
public record ReadContext(IngestSettings settings) {

    public ZoneId zoneOf(String system) {
        return settings.zoneOf(system);
    }

    public String schoolId() {
        return settings.school().id();
    }
}
