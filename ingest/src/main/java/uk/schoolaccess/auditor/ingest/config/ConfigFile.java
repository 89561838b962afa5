package uk.schoolaccess.auditor.ingest.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The one configuration file, {@code auditor.yaml} (docs/configuration.md). It is read once as a
 * tree; each module binds only its own sections, so ingest knows nothing of detector thresholds
 * or mail settings. Every key is optional. An unknown key inside a section is an error, so a
 * typo does not silently fall back to a default.
 */
public final class ConfigFile {

    // Java time only: findAndRegisterModules would also load Spark's Scala module (600 classes) on every command.
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    private final Path path;
    private final JsonNode root;
    /** The file this config is, or would be if written: the one given, else auditor.yaml beside the database. */
    private final Path home;

    private ConfigFile(Path path, JsonNode root) {
        this(path, root, path);
    }

    private ConfigFile(Path path, JsonNode root, Path home) {
        this.path = path;
        this.root = root;
        this.home = home;
    }

    /** No file: every default. */
    public static ConfigFile defaults() {
        return new ConfigFile(null, MissingNode.getInstance());
    }

    public static ConfigFile load(Path path) {
        try {
            JsonNode root = YAML.readTree(Files.readString(path));
            return new ConfigFile(path, root == null ? MissingNode.getInstance() : root);
        } catch (IOException e) {
            throw new ConfigException(path + ": " + plain(e));
        }
    }

    /**
     * The config file to use: the one given, else {@code auditor.yaml} beside the database,
     * else the defaults.
     */
    public static ConfigFile locate(Path explicit, Path database) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new ConfigException(explicit + ": config file not found");
            }
            return load(explicit);
        }
        Path dir = database.toAbsolutePath().getParent();
        Path beside = dir == null ? null : dir.resolve("auditor.yaml");
        return beside != null && Files.isRegularFile(beside) ? load(beside)
                : new ConfigFile(null, MissingNode.getInstance(), beside);
    }

    /**
     * The file to change when the DPO accepts a setting (networks.school): the one read, else
     * auditor.yaml beside the database, which does not exist yet; null for bare defaults.
     */
    public Path file() {
        return home;
    }

    /** The same file as it is now: it may have been changed (an accepted network) since it was read. */
    public ConfigFile reread() {
        return home != null && Files.isRegularFile(home) ? load(home) : this;
    }

    /** Where it came from, for messages; "(defaults)" when there is no file. */
    public String origin() {
        return path == null ? "(defaults)" : path.toString();
    }

    /** A top-level list, e.g. {@code terms:}; empty when missing. */
    public <T> java.util.List<T> listSection(String name, Class<T> itemType) {
        JsonNode node = root.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return java.util.List.of();
        }
        try {
            return YAML.readerForListOf(itemType).readValue(node);
        } catch (IOException e) {
            throw new ConfigException(origin() + ": section '" + name + "': "
                    + plain(e));
        }
    }

    /** A two-level map of numbers, e.g. {@code detectors: {id: {threshold: 3}}}; empty when missing. */
    public java.util.Map<String, java.util.Map<String, Double>> mapSection(String name) {
        JsonNode node = root.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return java.util.Map.of();
        }
        try {
            return YAML.readerFor(new com.fasterxml.jackson.core.type.TypeReference<
                    java.util.Map<String, java.util.Map<String, Double>>>() { }).readValue(node);
        } catch (IOException e) {
            throw new ConfigException(origin() + ": section '" + name + "': "
                    + plain(e));
        }
    }

    /** The whole file as read, for {@code auditor config}. */
    public JsonNode tree() {
        return root;
    }

    /** Binds one top-level section to a type; a missing section gives the type's defaults. */
    public <T> T section(String name, Class<T> type, T defaults) {
        JsonNode node = root.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return defaults;
        }
        try {
            return YAML.treeToValue(node, type);
        } catch (IOException e) {
            throw new ConfigException(origin() + ": section '" + name + "': " + plain(e, lineOf(name, e)));
        }
    }

    /**
     * The line of the setting a binding error is about: a section is bound from the parsed tree,
     * which has no lines, so the key is looked for in the file's text, within its section. 0 when
     * not found (a setting written inline, e.g. {@code school: {timezon: ...}}).
     */
    private int lineOf(String section, IOException e) {
        if (path == null || !(e instanceof com.fasterxml.jackson.databind.JsonMappingException m) || m.getPath().isEmpty()) {
            return 0;
        }
        String key = m.getPath().get(m.getPath().size() - 1).getFieldName();
        if (key == null) {
            return 0;
        }
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(path, java.nio.charset.StandardCharsets.UTF_8);
            boolean inSection = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                    inSection = line.startsWith(section + ":");
                } else if (inSection && line.strip().startsWith(key + ":")) {
                    return i + 1;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the message still names the setting
        }
        return 0;
    }

    /**
     * A YAML or binding problem as a school's IT person reads it: the setting and the line, what
     * was expected, and no parser or Java class names.
     */
    public static String plain(IOException e) {
        return plain(e, 0);
    }

    /** As {@link #plain(IOException)}, with the line found elsewhere when the parser has none. */
    static String plain(IOException e, int line) {
        String where = line > 0 ? " (line " + line + ")" : "";
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                && j.getLocation().getLineNr() > 0) {
            where = " (line " + j.getLocation().getLineNr() + ")";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            java.util.List<String> known = u.getKnownPropertyIds() == null ? java.util.List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "'" + u.getPropertyName() + "' is not a setting here" + where
                    + (known.isEmpty() ? "" : "; the settings here are: " + String.join(", ", known))
                    + ". Check the spelling (docs/configuration.md).";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            String key = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").reduce((a, b) -> a + "." + b).orElse("this value");
            return "'" + key + "' should be " + kind(m.getTargetType()) + where + ".";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            String why = j.getOriginalMessage() == null ? "" : j.getOriginalMessage().lines().findFirst().orElse("");
            why = why.replaceAll("\\(class [^)]*\\)", "").replaceAll("\\b([a-z_][a-z0-9_]*\\.)+[A-Z][\\w$]*:?\\s*", "")
                    .strip();
            return "not valid YAML" + where + (why.isEmpty() ? "" : ": " + why)
                    + ". Check the indentation (spaces, not tabs) and that each setting is written 'name: value'.";
        }
        return e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
    }

    private static String kind(Class<?> t) {
        if (Number.class.isAssignableFrom(t) || t == int.class || t == long.class || t == double.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "a list, e.g. [a, b]";
        }
        if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "a section of 'name: value' settings";
        }
        return "text";
    }
}
