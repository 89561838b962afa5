package uk.schoolaccess.auditor.dashboard.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import uk.schoolaccess.auditor.ingest.generate.GeneratorOptions;
import uk.schoolaccess.auditor.ingest.generate.SchoolGenerator;

/**
 * A small generated school (200 pupils, 30 staff, 3 weeks) for the service tests, made once per
 * test JVM under target/. Its week-3 files play "this week's exports".
 */
final class ServiceSchool {

    static final List<String> FOLDERS = List.of("roster", "mis", "cpoms", "entra", "google", "windows");
    private static Path made;

    private ServiceSchool() {
    }

    static synchronized Path get() throws Exception {
        if (made == null) {
            Path dir = Path.of("target", "service-school").toAbsolutePath();
            deleteTree(dir);
            SchoolGenerator.generate(new GeneratorOptions(dir, 200, 30, 3, LocalDate.parse("2026-09-07"), 11,
                    GeneratorOptions.defaults(dir).schoolId()));
            made = dir;
        }
        return made;
    }

    /** The roster and the event files of weeks 1 and 2. */
    static List<Path> firstWeeks(Path school) throws IOException {
        return files(school, f -> !f.getFileName().toString().contains("week-03"));
    }

    /** The event files of week 3. */
    static List<Path> lastWeek(Path school) throws IOException {
        return files(school, f -> f.getFileName().toString().contains("week-03"));
    }

    private static List<Path> files(Path school, java.util.function.Predicate<Path> keep) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (String folder : FOLDERS) {
            try (Stream<Path> s = Files.list(school.resolve(folder))) {
                s.filter(Files::isRegularFile).filter(keep).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** A store folder with the school's own auditor.yaml (its network) and any extra config lines. */
    static Path storeIn(Path dir, String extraConfig) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path yaml = dir.resolve("auditor.yaml");
        Files.writeString(yaml, Files.readString(get0().resolve("auditor.yaml")) + "\n" + extraConfig);
        return dir.resolve("audit.duckdb");
    }

    private static Path get0() {
        if (made == null) {
            throw new IllegalStateException("ServiceSchool.get() first");
        }
        return made;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
