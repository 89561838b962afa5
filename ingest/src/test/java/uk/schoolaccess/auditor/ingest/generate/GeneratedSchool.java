package uk.schoolaccess.auditor.ingest.generate;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A small generated school shared by the file, roster and label tests, plus a real CSV reader. */
final class GeneratedSchool {
    static final GeneratorOptions SMALL = new GeneratorOptions(Path.of("unused"), 200, 30, 3, LocalDate.of(2026, 9, 7), 7L, "NFS");

    private static Path dir;

    private GeneratedSchool() {
    }

    static synchronized Path small() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("generated-school");
                SchoolGenerator.generate(SMALL.withOut(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** All rows of a CSV file, header first, read by Jackson's RFC 4180 parser. */
    static List<String[]> csv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(file.toFile())) {
            while (it.hasNext()) rows.add(it.next());
        }
        return rows;
    }

    static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        throw new AssertionError("no column " + name);
    }
}
