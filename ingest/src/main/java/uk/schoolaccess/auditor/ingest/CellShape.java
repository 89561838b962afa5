package uk.schoolaccess.auditor.ingest;

/**
 * How a rejected cell looks, in place of the cell: a quarantine reason is printed, shown in
 * status and digests, and kept, and a cell in the wrong column can be a pupil's name or a note
 * about a child. The reason names the column and the rule; the line number (file:line) leads
 * to the value itself, in the export and in the quarantined row's raw text.
 */
public final class CellShape {

    private CellShape() {
    }

    /** "(found 5 characters: letters)", "(found 21 characters: letters, spaces and symbols)". */
    public static String found(String value) {
        return "(found " + of(value) + ")";
    }

    /** "5 characters: letters"; "nothing" for an empty or missing value. */
    public static String of(String value) {
        if (value == null || value.isEmpty()) {
            return "nothing";
        }
        boolean letters = false;
        boolean digits = false;
        boolean spaces = false;
        boolean symbols = false;
        int n = value.codePointCount(0, value.length());
        for (int c : value.codePoints().toArray()) {
            if (Character.isLetter(c)) {
                letters = true;
            } else if (Character.isDigit(c)) {
                digits = true;
            } else if (Character.isWhitespace(c)) {
                spaces = true;
            } else {
                symbols = true;
            }
        }
        java.util.List<String> kinds = new java.util.ArrayList<>();
        if (letters) {
            kinds.add("letters");
        }
        if (digits) {
            kinds.add("digits");
        }
        if (spaces) {
            kinds.add("spaces");
        }
        if (symbols) {
            kinds.add("symbols");
        }
        String joined = kinds.size() == 1 ? kinds.get(0) : String.join(", ", kinds.subList(0, kinds.size() - 1))
                + " and " + kinds.get(kinds.size() - 1);
        return n + (n == 1 ? " character: " : " characters: ") + joined;
    }
}
