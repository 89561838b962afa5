package uk.schoolaccess.auditor.ingest.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Adds items to one list of auditor.yaml (e.g. {@code networks.school}) as a person would: the new
 * items are spliced into the file's own text where the list is, so every comment, blank line,
 * order and quoting the school wrote stays exactly as it was. (Reading the file into a tree and
 * writing it back would drop the comments: neither Jackson nor SnakeYAML keeps them.) SnakeYAML's
 * node positions say where the list is; the result is read back and must give the old list plus
 * the new items, or the file is left untouched. The file is replaced in one move, so a reader
 * never sees half of it.
 */
public final class ConfigListEdit {

    private ConfigListEdit() {
    }

    /**
     * Adds the values not already in {@code section.key} to it, creating the list (or the file)
     * if needed. Returns the values added: empty when every one was there already, in which case
     * the file is not touched. One edit at a time in this process: inside a server, the weekly
     * page's button and a handed-over command may both accept at once.
     */
    public static synchronized List<String> add(Path file, String section, String key, List<String> values) throws IOException {
        String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        List<String> before = text == null ? List.of() : current(text, file, section, key);
        List<String> added = new ArrayList<>();
        for (String v : new LinkedHashSet<>(values)) {
            if (!before.contains(v.strip())) {
                added.add(v.strip());
            }
        }
        if (added.isEmpty()) {
            return List.of();
        }
        String edited = text == null
                ? "# auditor.yaml: the school's settings (docs/configuration.md). Started by accepting the school's\n"
                + "# own networks, suggested from the data.\n" + section + ":\n  " + key + ": [" + String.join(", ", added)
                + "]\n"
                : splice(text, file, section, key, added);
        List<String> expected = new ArrayList<>(before);
        expected.addAll(added);
        List<String> after = current(edited, file, section, key);
        if (!after.equals(expected)) {
            throw new ConfigException(file + ": could not add " + String.join(", ", added) + " to " + section + "." + key
                    + " without changing anything else; add it by hand (docs/configuration.md)");
        }
        write(file, edited);
        return List.copyOf(added);
    }

    /** The list's items as the file has them now; empty when the section or the key is missing or empty. */
    public static List<String> current(String text, Path file, String section, String key) {
        Node root = compose(text, file);
        Node list = root == null ? null : value(mapping(root, file, "the file"), section);
        if (list instanceof MappingNode m) {
            list = value(m, key);
        } else if (list != null && !isNull(list)) {
            throw new ConfigException(file + ": '" + section + "' should be a section of 'name: value' settings");
        }
        if (list == null || isNull(list)) {
            return List.of();
        }
        if (!(list instanceof SequenceNode seq)) {
            throw new ConfigException(file + ": '" + section + "." + key + "' should be a list, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s)) {
                throw new ConfigException(file + ": '" + section + "." + key + "' should be a list of ranges");
            }
            out.add(s.getValue().strip());
        }
        return out;
    }

    private static String splice(String text, Path file, String section, String key, List<String> added) {
        String flow = "[" + String.join(", ", added) + "]";
        MappingNode root = mapping(compose(text, file), file, "the file");
        NodeTuple sectionTuple = tuple(root, section);
        if (sectionTuple == null) {
            String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            return text + sep + section + ":\n  " + key + ": " + flow + "\n";
        }
        Node sectionValue = sectionTuple.getValueNode();
        if (isNull(sectionValue)) {
            return replaceNull(text, sectionTuple, "{" + key + ": " + flow + "}");
        }
        MappingNode m = mapping(sectionValue, file, "'" + section + "'");
        NodeTuple keyTuple = tuple(m, key);
        if (keyTuple == null) {
            if (m.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                int close = text.lastIndexOf('}', offset(text, m.getEndMark().getIndex()) - 1);
                return text.substring(0, close) + (m.getValue().isEmpty() ? "" : ", ") + key + ": " + flow
                        + text.substring(close);
            }
            // a line of its own before the section's first setting, indented as it is
            int first = offset(text, m.getValue().get(0).getKeyNode().getStartMark().getIndex());
            int lineStart = text.lastIndexOf('\n', first - 1) + 1;
            return text.substring(0, lineStart) + text.substring(lineStart, first) + key + ": " + flow + "\n"
                    + text.substring(lineStart);
        }
        Node list = keyTuple.getValueNode();
        if (isNull(list)) {
            return replaceNull(text, keyTuple, flow);
        }
        SequenceNode seq = (SequenceNode) list; // current() has checked it is a list
        if (seq.getFlowStyle() == DumperOptions.FlowStyle.FLOW || seq.getValue().isEmpty()) {
            int close = text.lastIndexOf(']', offset(text, seq.getEndMark().getIndex()) - 1);
            return text.substring(0, close) + (seq.getValue().isEmpty() ? "" : ", ") + String.join(", ", added)
                    + text.substring(close);
        }
        // a block list: one more "- item" line after the last, with the first item's indentation
        int firstItem = offset(text, seq.getValue().get(0).getStartMark().getIndex());
        String prefix = text.substring(text.lastIndexOf('\n', firstItem - 1) + 1, firstItem);
        if (!prefix.matches("[ \\t]*-[ \\t]+")) {
            throw new ConfigException(file + ": '" + section + "." + key + "' is laid out in a way this cannot extend; "
                    + "add " + String.join(", ", added) + " by hand (docs/configuration.md)");
        }
        int lastEnd = offset(text, seq.getValue().get(seq.getValue().size() - 1).getEndMark().getIndex());
        int lineEnd = text.indexOf('\n', lastEnd);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        StringBuilder lines = new StringBuilder();
        for (String v : added) {
            lines.append('\n').append(prefix).append(v);
        }
        return text.substring(0, lineEnd) + lines + text.substring(lineEnd);
    }

    /** "key:" with no value, or "key: ~" / "key: null": the value written in its place, after the colon. */
    private static String replaceNull(String text, NodeTuple t, String value) {
        Node v = t.getValueNode();
        int start = offset(text, v.getStartMark().getIndex());
        int end = offset(text, v.getEndMark().getIndex());
        if (end > start) {
            return text.substring(0, start) + value + text.substring(end);
        }
        int colon = text.indexOf(':', offset(text, t.getKeyNode().getEndMark().getIndex()));
        return text.substring(0, colon + 1) + " " + value + text.substring(colon + 1);
    }

    private static Node compose(String text, Path file) {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (RuntimeException e) {
            throw new ConfigException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static MappingNode mapping(Node n, Path file, String what) {
        if (n instanceof MappingNode m) {
            return m;
        }
        throw new ConfigException(file + ": " + what + " should be a section of 'name: value' settings");
    }

    private static NodeTuple tuple(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t;
            }
        }
        return null;
    }

    private static Node value(MappingNode m, String key) {
        NodeTuple t = tuple(m, key);
        return t == null ? null : t.getValueNode();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** SnakeYAML counts positions in code points; Java strings in UTF-16 units. */
    private static int offset(String text, int codePoints) {
        return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
    }

    private static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            try {
                // the file may name where the store's key is: keep its permissions, a new one is the owner's only
                Files.setPosixFilePermissions(partial, Files.exists(file) ? Files.getPosixFilePermissions(file)
                        : PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder's own protection applies
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
