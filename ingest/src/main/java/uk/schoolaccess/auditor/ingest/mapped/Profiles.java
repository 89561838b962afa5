package uk.schoolaccess.auditor.ingest.mapped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Loads and checks mapping profiles: the shipped ones and a school's own (--profile FILE). */
public final class Profiles {

    /** The shipped layouts, in the order they are tried. */
    public static final List<String> SHIPPED = List.of("record-access", "sims", "cpoms");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Profiles() {
    }

    public static List<Profile> shipped() {
        List<Profile> out = new ArrayList<>();
        for (String name : SHIPPED) {
            String resource = "/profiles/" + name + ".yaml";
            try (InputStream in = Profiles.class.getResourceAsStream(resource)) {
                out.add(check(YAML.readValue(in, Profile.class), resource));
            } catch (IOException e) {
                throw new IllegalStateException("shipped profile " + resource + " is unreadable", e);
            }
        }
        return out;
    }

    public static Profile load(Path file) {
        try {
            return check(YAML.readValue(Files.readString(file), Profile.class), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ProfileException(file + ": no such profile file");
        } catch (IOException e) {
            // The YAML's line and what was expected, in words: a school writes its own profiles.
            throw new ProfileException(file + ": " + uk.schoolaccess.auditor.ingest.config.ConfigFile.plain(e)
                    .replace("(docs/configuration.md)", "(docs/profiles.md)"));
        }
    }

    /** Fails with the profile's name and the key at fault, so a school can fix its own file. */
    static Profile check(Profile p, String where) {
        require(p.format() != null && !p.format().isBlank(), where, "format: a name is required");
        require(!p.detect().isEmpty(), where, "detect: list the columns that identify this layout");
        require((p.system() == null) != (p.systemColumn() == null), where,
                "give exactly one of system (a fixed system) or system_column");
        require(p.system() == null || Profile.SYSTEMS.contains(p.system()), where,
                "system: '" + p.system() + "' is not one of " + Profile.SYSTEMS);
        require(p.time() != null && p.time().columns() != null && !p.time().columns().isEmpty()
                && p.time().pattern() != null, where, "time: columns and pattern are required");
        if (!"iso".equals(p.time().pattern())) {
            try {
                DateTimeFormatter.ofPattern(p.time().pattern());
            } catch (IllegalArgumentException e) {
                throw new ProfileException(where + ": time.pattern '" + p.time().pattern() + "': " + e.getMessage());
            }
        }
        if (p.time().zone() != null) {
            try {
                ZoneId.of(p.time().zone());
            } catch (RuntimeException e) {
                throw new ProfileException(where + ": time.zone '" + p.time().zone() + "' is not a time zone");
            }
        }
        for (String key : p.columns().keySet()) {
            require(Profile.FIELDS.contains(key), where, "columns: unknown field '" + key + "' (known: "
                    + Profile.FIELDS.stream().sorted().toList() + ")");
        }
        require(p.columns().containsKey("user"), where, "columns.user: the login column is required");
        require(p.action() != null && p.action().column() != null && p.action().values() != null, where,
                "action: column and values are required");
        for (Map.Entry<String, Profile.Mapping> e : p.action().values().entrySet()) {
            require(e.getValue() != null && Profile.ACTIONS.contains(e.getValue().action()), where,
                    "action.values['" + e.getKey() + "']: must map to one of " + Profile.ACTIONS);
        }
        return p;
    }

    private static void require(boolean ok, String where, String message) {
        if (!ok) {
            throw new ProfileException(where + ": " + message);
        }
    }
}
