package uk.schoolaccess.auditor.ingest.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration ingest uses: the school (its id and time zone) and each source's time zone.
 * Defaults suit a school in England: Europe/London for everything written in local time; Entra,
 * Google's API and Windows' {@code @timestamp} are UTC by definition and ignore these zones.
 */
public record IngestSettings(School school, Sources sources) {

    public static final String DEFAULT_ZONE = "Europe/London";

    public IngestSettings {
        school = school == null ? School.DEFAULTS : school;
        sources = sources == null ? Sources.DEFAULTS : sources;
        zone(school.timezone(), "school.timezone");
        sources.zones().forEach((k, v) -> zone(v, "sources.zones." + k));
    }

    public static IngestSettings defaults() {
        return new IngestSettings(School.DEFAULTS, Sources.DEFAULTS);
    }

    public static IngestSettings from(ConfigFile config) {
        School school = config.section("school", School.class, School.DEFAULTS);
        Sources sources = config.section("sources", Sources.class, Sources.DEFAULTS);
        return new IngestSettings(school, sources);
    }

    /** The zone in which a system writes local times: its own setting, else the school's. */
    public ZoneId zoneOf(String system) {
        String z = system == null ? null : sources.zones().get(system.toLowerCase(Locale.ROOT));
        return ZoneId.of(z != null ? z : school.timezone());
    }

    private static void zone(String id, String key) {
        try {
            ZoneId.of(id);
        } catch (DateTimeException | NullPointerException e) {
            throw new ConfigException(key + ": '" + id + "' is not a time zone (e.g. Europe/London)");
        }
    }

    /** The school: its id (stored on every staff and pupil row), name and time zone. */
    public record School(String id, String name, String timezone) {
        public static final School DEFAULTS = new School("school", "Our school", DEFAULT_ZONE);

        public School {
            id = id == null || id.isBlank() ? DEFAULTS.id : id;
            name = name == null ? DEFAULTS.name : name;
            timezone = timezone == null ? DEFAULT_ZONE : timezone;
        }
    }

    /** Per-system time zones, e.g. {@code google: Europe/London} for admin-console exports. */
    /** The inbox keys of this section belong to the server (dashboard module, ServiceSettings). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"inbox", "settle_seconds", "max_upload_mb"})
    public record Sources(Map<String, String> zones) {
        public static final Sources DEFAULTS = new Sources(Map.of());

        public Sources {
            TreeMap<String, String> z = new TreeMap<>();
            if (zones != null) {
                zones.forEach((k, v) -> z.put(k.toLowerCase(Locale.ROOT), v));
            }
            zones = Map.copyOf(z);
        }
    }
}
