package uk.schoolaccess.auditor.ingest;

/**
 * Where a record came from: its first physical line in the file and its raw text.
 * {@code part} tells apart several events made from one record (0 for the first).
 */
public record Origin(long line, String raw, int part) {

    public Origin(long line, String raw) {
        this(line, raw, 0);
    }

    public Origin part(int n) {
        return new Origin(line, raw, n);
    }
}
