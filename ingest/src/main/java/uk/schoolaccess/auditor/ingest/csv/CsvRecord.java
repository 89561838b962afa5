package uk.schoolaccess.auditor.ingest.csv;

import java.util.List;

/**
 * One CSV record: its fields, its raw text as it stood in the file, and the physical line it
 * starts on. {@code problem} is set when the record could not be split cleanly (an unterminated
 * quote), so the caller quarantines it instead of guessing.
 */
public record CsvRecord(long line, List<String> fields, String raw, String problem) {

    public boolean isBlank() {
        return problem == null && fields.size() == 1 && fields.get(0).isBlank();
    }

    public int size() {
        return fields.size();
    }

    public String get(int i) {
        return i < fields.size() ? fields.get(i) : "";
    }
}
