package uk.schoolaccess.auditor.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import uk.schoolaccess.auditor.ingest.csv.Header;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * What can be said about a file no reader recognised, without repeating what is in it. A file
 * without its header line starts with a pupil's or a concern's record, so its first line is never
 * shown as it is: a cell is shown only when it is a column name some reader or profile knows
 * (a name, not a value); any other cell is shown as {@code <cell N>}.
 *
 * @param notText what the file is when it is not a text export at all ("a Word document"), or null
 * @param json    whether it is JSON text (of a shape no reader knows)
 * @param cells   how many cells its first line has
 * @param shown   the first line's cells as they may be shown: known column names, otherwise {@code <cell N>}
 * @param looksLikeData whether the first line looks like a record rather than column names
 */
public record UnrecognisedFile(String notText, boolean json, int cells, List<String> shown, boolean looksLikeData) {

    /** At most this many cells are listed: enough to see the shape of a header. */
    static final int SHOWN = 12;

    static UnrecognisedFile of(SourceFile file, Sniff sniff, Readers readers) {
        String binary = notText(file, sniff);
        if (binary != null) {
            return new UnrecognisedFile(binary, false, 0, List.of(), false);
        }
        if (sniff.firstChar() == '{' || sniff.firstChar() == '[') {
            return new UnrecognisedFile(null, true, 0, List.of(), false);
        }
        Set<String> known = knownColumns(readers);
        List<String> cells = sniff.csvHeader().names();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(cells.size(), SHOWN); i++) {
            String c = cells.get(i);
            shown.add(known.contains(Header.normalise(c)) ? c.strip() : "<cell " + (i + 1) + ">");
        }
        return new UnrecognisedFile(null, false, cells.size(), shown, looksLikeData(cells, known));
    }

    /** In plain words, for the command line: what the file is, or what its first line holds. */
    public String describe() {
        if (notText != null) {
            return "It is " + notText + ", not a CSV or JSON export";
        }
        if (json) {
            return "It is JSON, but not one of the JSON exports the auditor reads";
        }
        if (cells == 0) {
            return "Its first line is empty";
        }
        String count = cells + (cells == 1 ? " cell" : " cells");
        if (looksLikeData) {
            return "Its first line (" + count + ") looks like data, not column names (is the header line missing?)";
        }
        if (shown.stream().allMatch(s -> s.startsWith("<cell "))) {
            return "Its first line has " + count + ", none of them a column name the auditor knows";
        }
        return "Its first line has " + count + ": " + String.join(", ", shown) + (cells > shown.size() ? ", ..." : "")
                + " (cells that are not a known column name are not shown)";
    }

    /** The column names of every reader and profile, normalised as headers are matched. */
    private static Set<String> knownColumns(Readers readers) {
        Set<String> known = new HashSet<>();
        for (SourceReader r : readers.all()) {
            r.knownColumns().forEach(c -> known.add(Header.normalise(c)));
        }
        return known;
    }

    /**
     * A record, not a header: no known column name, and an address or account cell, or half the cells holding a digit
     * (ids, dates, year groups, forms). Column names rarely carry digits; records nearly always do.
     */
    private static boolean looksLikeData(List<String> cells, Set<String> known) {
        List<String> unknown = cells.stream().filter(c -> !known.contains(Header.normalise(c))).toList();
        if (unknown.size() < cells.size() || unknown.isEmpty()) {
            return false; // one known column name makes it a header
        }
        long digits = unknown.stream().filter(c -> c.chars().anyMatch(Character::isDigit)).count();
        boolean address = unknown.stream().anyMatch(c -> c.indexOf('@') >= 0 || c.indexOf('\\') >= 0);
        return address || digits * 2 >= unknown.size();
    }

    /**
     * Files that are not text: an Office document or a PDF saved into the exports folder, an image.
     * Known by their first bytes; any other file with NUL characters is binary.
     */
    private static String notText(SourceFile file, Sniff sniff) {
        byte[] b;
        try (InputStream in = file.open()) {
            b = in.readNBytes(8);
        } catch (IOException e) {
            b = new byte[0];
        }
        String name = file.name().toLowerCase(Locale.ROOT);
        if (starts(b, 'P', 'K', 3, 4)) {
            return name.endsWith(".docx") ? "a Word document" : name.endsWith(".xlsx") || name.endsWith(".xlsm")
                    ? "an Excel workbook (save it as CSV)" : name.endsWith(".pptx") ? "a PowerPoint file"
                    : "a zip archive or an Office document";
        }
        if (starts(b, 0xD0, 0xCF, 0x11, 0xE0)) {
            return "an older Office document (.doc or .xls)";
        }
        if (starts(b, '%', 'P', 'D', 'F')) {
            return "a PDF";
        }
        if (starts(b, 0x89, 'P', 'N', 'G') || starts(b, 0xFF, 0xD8, 0xFF) || starts(b, 'G', 'I', 'F', '8')) {
            return "an image";
        }
        return sniff.head().indexOf('\u0000') >= 0 ? "a binary file" : null;
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
