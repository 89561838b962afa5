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
public record IngestSettings(School school, Sources sources, Limits ingest) {

    public static final String DEFAULT_ZONE = "Europe/London";

    public IngestSettings {
        school = school == null ? School.DEFAULTS : school;
        sources = sources == null ? Sources.DEFAULTS : sources;
        ingest = ingest == null ? Limits.DEFAULTS : ingest;
        zone(school.timezone(), "school.timezone");
        sources.zones().forEach((k, v) -> zone(v, "sources.zones." + k));
        if (ingest.maxRecordBytes() < 1024 || ingest.maxRecordBytes() > MAX_RECORD_CEILING) {
            throw new ConfigException("ingest.max_record_bytes: " + ingest.maxRecordBytes()
                    + " is out of range (1024 to " + MAX_RECORD_CEILING + ")");
        }
        if (ingest.latestTime() != null && !ingest.latestTime().isAfter(ingest.earliestTime())) {
            throw new ConfigException("ingest.latest_time: " + ingest.latestTime() + " is not after ingest.earliest_time "
                    + ingest.earliestTime());
        }
    }

    public IngestSettings(School school, Sources sources) {
        this(school, sources, Limits.DEFAULTS);
    }

    /** Above this a record could no longer be held in memory safely on a school's machine. */
    private static final long MAX_RECORD_CEILING = 256L << 20;

    public static IngestSettings defaults() {
        return new IngestSettings(School.DEFAULTS, Sources.DEFAULTS, Limits.DEFAULTS);
    }

    public static IngestSettings from(ConfigFile config) {
        School school = config.section("school", School.class, School.DEFAULTS);
        Sources sources = config.section("sources", Sources.class, Sources.DEFAULTS);
        Limits ingest = config.section("ingest", Limits.class, Limits.DEFAULTS);
        return new IngestSettings(school, sources, ingest);
    }

    /**
     * What ingest accepts as a record. A record longer than {@code maxRecordBytes} (a file with
     * no line breaks, a runaway quote) is quarantined with its first bytes only, so memory stays
     * bounded. An event time before {@code earliestTime} or after {@code latestTime} (default:
     * one year after today) cannot be a real sign-in or access, and is quarantined.
     */
    public record Limits(long maxRecordBytes, java.time.LocalDate earliestTime, java.time.LocalDate latestTime) {
        public static final long DEFAULT_MAX_RECORD_BYTES = 1L << 20;
        public static final java.time.LocalDate DEFAULT_EARLIEST = java.time.LocalDate.of(2000, 1, 1);
        public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_EARLIEST, null);

        public Limits {
            maxRecordBytes = maxRecordBytes <= 0 ? DEFAULT_MAX_RECORD_BYTES : maxRecordBytes;
            earliestTime = earliestTime == null ? DEFAULT_EARLIEST : earliestTime;
        }

        /** The cap in characters, as the readers count it (a character is at least one byte). */
        public int maxRecordChars() {
            return (int) Math.min(Integer.MAX_VALUE - 16, maxRecordBytes);
        }

        /** The earliest plausible event time, UTC midnight of earliest_time. */
        public java.time.Instant earliest() {
            return earliestTime.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        }

        /** The latest plausible event time: the end of latest_time, or one year after today. */
        public java.time.Instant latest() {
            java.time.LocalDate last = latestTime != null ? latestTime
                    : java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1);
            return last.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        }

        /** The window as a person reads it, for quarantine reasons. */
        public String window() {
            return earliestTime + " to " + (latestTime != null ? latestTime.toString() : "one year after today");
        }
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
