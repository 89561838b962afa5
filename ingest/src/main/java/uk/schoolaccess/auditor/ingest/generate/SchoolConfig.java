package uk.schoolaccess.auditor.ingest.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the generated school's own auditor.yaml (docs/configuration.md): its id, name, zone and
 * network, which an audit needs to tell school from home. Pass it with --config, or put it
 * beside the database.
 */
final class SchoolConfig {

    private SchoolConfig() {
    }

    static void write(String schoolId, Path out) throws IOException {
        Files.writeString(out.resolve("auditor.yaml"), """
                # Settings of this generated school (docs/configuration.md). Use with --config.
                school:
                  id: %s
                  name: Northfield School
                  timezone: Europe/London
                networks:
                  school: [%s]
                """.formatted(schoolId, Campus.SCHOOL_NETWORK));
    }
}
