package uk.schoolaccess.auditor.ingest.csv;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import uk.schoolaccess.auditor.ingest.InputRejected;

/**
 * A CSV header, matched by name with case and spacing ignored: real exports carry trailing
 * spaces ("Application ID ") and doubled spaces, and older downloads drop columns, so columns
 * are never found by position.
 */
public final class Header {

    private final List<String> names;
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private final Map<String, Integer> index = new HashMap<>();
    /** Readers ask for the same few names on every row: remember the answers. */
    private final Map<String, OptionalInt> asked = new HashMap<>();
    /**
     * The first names asked, by reference: a reader passes the same constant (or profile) string
     * on every row, and comparing a few references cost less than the map's hash and equals, which
     * was about a second of the reading threads' CPU over a year's exports.
     */
    private final String[] recent = new String[RECENT];
    private final OptionalInt[] recentIndex = new OptionalInt[RECENT];
    private int recents;
    private static final int RECENT = 24;

    public Header(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(normalise(names.get(i)), i);
        }
    }

    public static String normalise(String name) {
        return SPACES.matcher(name.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    public int size() {
        return names.size();
    }

    public boolean has(String name) {
        return index.containsKey(normalise(name));
    }

    public boolean hasAll(List<String> wanted) {
        return wanted.stream().allMatch(this::has);
    }

    public OptionalInt indexOf(String name) {
        for (int k = 0; k < recents; k++) {
            if (recent[k] == name) {
                return recentIndex[k];
            }
        }
        OptionalInt found = asked.computeIfAbsent(name, n -> {
            Integer i = index.get(normalise(n));
            return i == null ? OptionalInt.empty() : OptionalInt.of(i);
        });
        if (recents < RECENT) {
            recent[recents] = name;
            recentIndex[recents++] = found;
        }
        return found;
    }

    /** The column's index, or a RowRejected-style failure for a header without it. */
    public int require(String name) {
        return indexOf(name).orElseThrow(() -> new InputRejected("missing column '" + name + "'"));
    }
}
