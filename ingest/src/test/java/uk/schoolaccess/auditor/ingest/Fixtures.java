package uk.schoolaccess.auditor.ingest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.BatchResult;
import uk.schoolaccess.auditor.ingest.store.Store;

/** Test helpers: the fixture folder, ingesting into a store, and small queries. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path path(String relative) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path copy(String relative, Path dir, String newName) throws IOException {
        Path to = dir.resolve(newName);
        Files.createDirectories(to.getParent());
        return Files.copy(path(relative), to);
    }

    /** What the listener heard, for assertions. */
    public static final class Recorder implements Ingestor.Listener {
        public final List<BatchResult> finished = new ArrayList<>();
        public final List<String> unrecognised = new ArrayList<>();
        public final List<String> failed = new ArrayList<>();
        public final List<String> empty = new ArrayList<>();
        /** What the command line would say of each unrecognised file. */
        public final List<String> described = new ArrayList<>();

        @Override
        public void empty(SourceFile file) {
            empty.add(file.name());
        }

        @Override
        public void finished(BatchResult result) {
            finished.add(result);
        }

        @Override
        public void unrecognised(SourceFile file, UnrecognisedFile seen) {
            described.add(file.name() + ": " + seen.describe());
            unrecognised(file, seen.shown());
        }

        @Override
        public void unrecognised(SourceFile file, List<String> headersSeen) {
            unrecognised.add(file.name() + " " + headersSeen);
        }

        @Override
        public void failed(SourceFile file, String reason) {
            failed.add(file.name() + ": " + reason);
        }
    }

    public static IngestSummary ingest(Store store, Path... paths) throws IOException {
        return ingest(store, new Recorder(), paths);
    }

    public static IngestSummary ingest(Store store, Recorder recorder, Path... paths) throws IOException {
        return new Ingestor(store, Readers.builtIn(), new ReadContext(IngestSettings.defaults()), recorder)
                .run(List.of(paths), null);
    }

    public static List<List<Object>> rows(Store store, String sql) {
        try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static Object scalar(Store store, String sql) {
        return rows(store, sql).get(0).get(0);
    }
}
