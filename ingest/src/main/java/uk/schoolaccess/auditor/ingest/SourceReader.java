package uk.schoolaccess.auditor.ingest;

import java.io.IOException;
import java.util.List;

import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;

/**
 * Reads one export format into canonical rows. One implementation per format, all listed in
 * {@link Readers}. A reader never writes to the store: it sends rows and quarantined records to
 * the sink, and the store decides what is new.
 */
public interface SourceReader {

    /** The name used by {@code --format} and shown in reports, e.g. {@code sims}. */
    String format();

    /** One line for {@code --help}: what export this is. */
    String description();

    /**
     * How well this reader recognises the input: 0 for not at all, otherwise the number of its
     * identifying columns or keys found, so the most specific reader wins.
     */
    int recognises(Sniff sniff);

    void read(SourceFile file, ReadContext context, RowSink sink) throws IOException;

    /**
     * The CSV columns this format cannot be read without; empty for a format recognised some
     * other way. Used to tell a user which column a nearly recognised file lacks.
     */
    default List<String> requiredColumns() {
        return List.of();
    }

    /**
     * Every CSV column name this format reads, required or not: names, never values, so they may be
     * shown when a file is not recognised ({@link UnrecognisedFile}).
     */
    default List<String> knownColumns() {
        return requiredColumns();
    }

    /** The zone this format's local times are read in, for the batch record; null when it has none. */
    default String sourceZone(ReadContext context) {
        return null;
    }
}
