package uk.schoolaccess.auditor.ingest.mapped;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A mapping profile: which column of a vendor's audit CSV means what (docs/profiles.md). SIMS,
 * CPOMS and the others publish no export format, so a school points the auditor at the file it
 * was sent with one of these. Each shipped layout is one small YAML file under profiles/.
 *
 * @param format      the name shown in reports and accepted by --format
 * @param system      the system every row comes from (sims, cpoms, ...), or null with systemColumn
 * @param detect      columns that must all be present for the header to be recognised
 * @param columns     canonical field -> source column (user, workstation, ip, session_id,
 *                    pupil_id, incident_id, category, row_count, mfa)
 * @param multiline   whether quoted cells may hold line breaks
 */
public record Profile(String format, String description, String system, String systemColumn,
                      List<String> detect, TimeSpec time, Map<String, String> columns,
                      ActionMap action, AreaMap area, RecordSpec record, Boolean multiline) {

    public static final Set<String> FIELDS = Set.of("user", "workstation", "ip", "session_id", "pupil_id",
            "incident_id", "category", "row_count", "mfa");
    public static final Set<String> ACTIONS = Set.of("view", "edit", "search", "export", "print", "login",
            "logout", "login_failed");
    public static final Set<String> SYSTEMS = Set.of("sims", "scholarpack", "arbor", "cpoms", "myconcern");

    public Profile {
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        detect = detect == null ? List.of() : List.copyOf(detect);
        multiline = multiline != null && multiline;
    }

    /**
     * Where the time is: one column, or a date column and a time column joined by a space.
     * {@code pattern} is a java.time pattern such as dd/MM/yyyy HH:mm, or {@code iso}
     * (ISO-8601; no offset means local time). {@code zone} overrides the configured zone.
     */
    public record TimeSpec(List<String> columns, String pattern, String zone) {
    }

    /** The action column and what each of its values means; unknown values are quarantined. */
    public record ActionMap(String column, Map<String, Mapping> values) {
    }

    /**
     * The area column (Module, section): values translated by {@code values} (a null target
     * means "no area"); other values kept in lower_snake_case unless passthrough is false.
     */
    public record AreaMap(String column, Map<String, String> values, Boolean passthrough) {
    }

    /** What a source value means: an action, and optionally the area it implies. */
    public record Mapping(String action, String area) {
        @JsonCreator
        public static Mapping of(String value) {
            return new Mapping(value, null);
        }
    }

    /** A record-type column telling whether the record id is a pupil or an incident. */
    public record RecordSpec(String typeColumn, String idColumn, List<String> pupilTypes,
                             List<String> incidentTypes) {
    }
}
