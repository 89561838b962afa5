package uk.schoolaccess.auditor.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaults_are_those_documented_for_a_school_in_england() {
        IngestSettings s = IngestSettings.defaults();
        assertEquals(ZoneId.of("Europe/London"), s.zoneOf("sims"));
        assertEquals(ZoneId.of("Europe/London"), s.zoneOf("cpoms"));
        assertEquals("school", s.school().id());
        assertEquals(s, IngestSettings.from(ConfigFile.defaults()));
    }

    @Test
    void the_docs_show_the_same_defaults_as_the_code() throws IOException {
        Path doc = Path.of(System.getProperty("auditor.repo.root", "..")).resolve("docs/configuration.md");
        String text = Files.readString(doc);
        assertTrue(text.contains("timezone: " + IngestSettings.DEFAULT_ZONE), "docs/configuration.md names the default zone");
        assertTrue(text.contains("id: " + IngestSettings.School.DEFAULTS.id()), "docs/configuration.md names the default id");
    }

    @Test
    void a_source_zone_overrides_the_school_zone() throws IOException {
        Path f = dir.resolve("auditor.yaml");
        Files.writeString(f, "school:\n  id: NFS\n  timezone: Europe/London\nsources:\n  zones:\n    Google: America/New_York\n");
        IngestSettings s = IngestSettings.from(ConfigFile.load(f));
        assertEquals(ZoneId.of("America/New_York"), s.zoneOf("google"));
        assertEquals(ZoneId.of("Europe/London"), s.zoneOf("sims"));
        assertEquals("NFS", s.school().id());
    }

    @Test
    void the_config_beside_the_database_is_found() throws IOException {
        Files.writeString(dir.resolve("auditor.yaml"), "school:\n  id: BESIDE\n");
        assertEquals("BESIDE", IngestSettings.from(ConfigFile.locate(null, dir.resolve("audit.duckdb"))).school().id());
        assertEquals("school", IngestSettings.from(ConfigFile.locate(null, dir.resolve("x/audit.duckdb"))).school().id());
    }

    @Test
    void a_misspelt_key_or_a_bad_zone_is_an_error_naming_the_file() throws IOException {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "school:\n  timezoen: Europe/London\n");
        ConfigException e = assertThrows(ConfigException.class, () -> IngestSettings.from(ConfigFile.load(typo)));
        assertTrue(e.getMessage().contains("typo.yaml") && e.getMessage().contains("timezoen"), e.getMessage());
        Path zone = dir.resolve("zone.yaml");
        Files.writeString(zone, "school:\n  timezone: Europe/Londn\n");
        ConfigException z = assertThrows(ConfigException.class, () -> IngestSettings.from(ConfigFile.load(zone)));
        assertTrue(z.getMessage().contains("Europe/Londn"), z.getMessage());
    }
}
