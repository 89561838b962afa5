package uk.schoolaccess.auditor.analytics.evaluate;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import uk.schoolaccess.auditor.analytics.detect.Finding;

/**
 * Scores findings against a generated school's answer key (labels.csv): a finding is a true
 * positive when a label of the same detector names the same member of staff at an overlapping
 * time (give or take a few minutes); a label is recalled when some finding matches it. Used by
 * the end-to-end test and by anyone tuning a threshold.
 */
public final class LabelScore {

    static final Duration SLACK = Duration.ofMinutes(10);

    /** One planted case. */
    public record Label(String detector, String staffId, Instant start, Instant end) {
    }

    /** Precision and recall of one detector. */
    public record Score(String detector, int findings, int truePositives, int labels, int recalled) {
        public double precision() {
            return findings == 0 ? 1.0 : (double) truePositives / findings;
        }

        public double recall() {
            return labels == 0 ? 1.0 : (double) recalled / labels;
        }
    }

    private LabelScore() {
    }

    public static List<Label> read(Path labelsCsv) throws IOException {
        List<Label> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(labelsCsv);
             MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(r)) {
            while (it.hasNext()) {
                Map<String, String> m = it.next();
                out.add(new Label(m.get("detector"), m.get("staff_id"), Instant.parse(m.get("start")),
                        Instant.parse(m.get("end"))));
            }
        }
        return out;
    }

    public static Map<String, Score> score(List<Finding> findings, List<Label> labels) {
        Map<String, Score> out = new TreeMap<>();
        for (String detector : detectors(findings, labels)) {
            List<Finding> fs = findings.stream().filter(f -> f.detector().equals(detector)).toList();
            List<Label> ls = labels.stream().filter(l -> l.detector().equals(detector)).toList();
            int tp = (int) fs.stream().filter(f -> ls.stream().anyMatch(l -> matches(f, l))).count();
            int recalled = (int) ls.stream().filter(l -> fs.stream().anyMatch(f -> matches(f, l))).count();
            out.put(detector, new Score(detector, fs.size(), tp, ls.size(), recalled));
        }
        return out;
    }

    /** Findings no label of their detector explains: the false alarms, for anyone tuning a rule. */
    public static List<Finding> unmatched(List<Finding> findings, List<Label> labels) {
        return findings.stream().filter(f -> labels.stream().noneMatch(l -> l.detector().equals(f.detector())
                && matches(f, l))).toList();
    }

    static boolean matches(Finding f, Label l) {
        return l.staffId().equals(f.staffId())
                && !f.firstSeen().isAfter(l.end().plus(SLACK))
                && !f.lastSeen().isBefore(l.start().minus(SLACK));
    }

    private static List<String> detectors(List<Finding> findings, List<Label> labels) {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        findings.forEach(f -> ids.add(f.detector()));
        labels.forEach(l -> ids.add(l.detector()));
        return List.copyOf(ids);
    }
}
