package uk.schoolaccess.auditor.ingest.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One system's audit log, one file per school week. Only a single day's lines are held in
 * memory: they are sorted by time (ties keep the order they were made in) and then streamed
 * out, so a 39-week school never sits in the heap.
 */
final class WeeklyLog {
    private static final Comparator<Line> BY_TIME =
            Comparator.comparingLong(Line::epochMillis).thenComparingInt(Line::seq);

    private record Line(long epochMillis, int seq, String text) {
    }

    private final Path root;
    private final String folder;
    private final String namePattern;
    private final String opening;
    private final String separator;
    private final String closing;
    private final List<Line> day = new ArrayList<>();
    private BufferedWriter writer;
    private String currentFile;
    private long rows;
    private int seq;

    private WeeklyLog(Path root, String folder, String namePattern, String opening, String separator, String closing) {
        this.root = root;
        this.folder = folder;
        this.namePattern = namePattern;
        this.opening = opening;
        this.separator = separator;
        this.closing = closing;
    }

    static WeeklyLog csv(Path root, String folder, String namePattern, String header) {
        return new WeeklyLog(root, folder, namePattern, header + "\n", "", "");
    }

    static WeeklyLog ndjson(Path root, String folder, String namePattern) {
        return new WeeklyLog(root, folder, namePattern, "", "", "");
    }

    /** A JSON document whose array items are written one per line, separated by commas. */
    static WeeklyLog jsonArray(Path root, String folder, String namePattern, String opening, String closing) {
        return new WeeklyLog(root, folder, namePattern, opening + "\n", ",\n", "\n" + closing + "\n");
    }

    void add(Instant time, String line) {
        day.add(new Line(time.toEpochMilli(), seq++, line));
    }

    void startWeek(int week) throws IOException {
        currentFile = folder + "/" + String.format(namePattern, week);
        Files.createDirectories(root.resolve(folder));
        writer = Files.newBufferedWriter(root.resolve(currentFile), StandardCharsets.UTF_8);
        writer.write(opening);
        rows = 0;
    }

    void flushDay() throws IOException {
        day.sort(BY_TIME);
        for (Line line : day) {
            if (rows > 0) writer.write(separator);
            writer.write(line.text());
            if (separator.isEmpty()) writer.write('\n');
            rows++;
        }
        day.clear();
        seq = 0;
    }

    void endWeek(Map<String, Long> rowsPerFile) throws IOException {
        flushDay();
        writer.write(closing);
        writer.close();
        rowsPerFile.put(currentFile, rows);
    }
}
