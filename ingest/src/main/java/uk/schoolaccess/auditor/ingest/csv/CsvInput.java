package uk.schoolaccess.auditor.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.source.TextDecoding;

/**
 * The loop every CSV reader shares: read the header, then each record; a record with the wrong
 * number of columns, a broken quote, or a value its reader rejects goes to quarantine and the
 * rest of the file carries on. Blank lines carry no data and are passed over.
 */
public final class CsvInput {

    private CsvInput() {
    }

    /** What a reader does with one well-formed record. */
    @FunctionalInterface
    public interface RowHandler {
        void handle(Fields row, Origin origin);
    }

    public static void forEachRow(SourceFile file, boolean multiline, RowSink sink, RowHandler handler)
            throws IOException {
        try (BufferedReader reader = TextDecoding.reader(file)) {
            CsvRecords records = new CsvRecords(reader, multiline, sink.maxRecordChars());
            Header header = null;
            while (records.hasNext()) {
                CsvRecord r = records.next();
                if (r.isBlank()) {
                    continue;
                }
                if (header == null) {
                    header = new Header(r.fields());
                    continue;
                }
                Origin origin = new Origin(r.line(), r.raw());
                if (r.problem() != null) {
                    sink.quarantine(origin, r.problem());
                } else if (r.raw().indexOf('\uFFFD') >= 0) {
                    sink.quarantine(origin, RowSink.UNDECODABLE);
                } else if (r.size() != header.size()) {
                    sink.quarantine(origin, "wrong column count: " + r.size() + " fields, the header has "
                            + header.size());
                } else {
                    try {
                        handler.handle(new Fields(header, r), origin);
                    } catch (RowRejected e) {
                        sink.quarantine(origin, e.getMessage());
                    }
                }
            }
        }
    }
}
