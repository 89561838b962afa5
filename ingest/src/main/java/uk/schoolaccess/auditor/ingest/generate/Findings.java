package uk.schoolaccess.auditor.ingest.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer key: planted violations (labels.csv) and benign look-alikes that a detector could
 * wrongly flag (benign.csv). Benign examples are noted from ordinary days, two of each kind,
 * in the same weeks as the planted cases and never for someone with a planted case that day.
 */
final class Findings {
    static final String HEADER = "detector,staff_id,account,start,end,note";
    private static final int EXAMPLES_PER_KIND = 2;

    record Row(String detector, String staffId, String account, Instant start, Instant end, String note) {
    }

    private final List<Row> labels = new ArrayList<>();
    private final List<Row> benign = new ArrayList<>();
    private final Map<String, Integer> benignKinds = new HashMap<>();
    private final SchoolCalendar calendar;
    private final CaseBook book;

    Findings(SchoolCalendar calendar, CaseBook book) {
        this.calendar = calendar;
        this.book = book;
    }

    void label(String detector, StaffMember s, String account, Instant start, Instant end, String note) {
        labels.add(new Row(detector, s.id(), account, start, end, note));
    }

    /** Notes a benign example of {@code kind} unless two are already noted or the day has a case for them. */
    boolean wantsBenign(SchoolDay day, String kind, StaffMember s) {
        return calendar.weekOf(day.date) >= calendar.firstPlantWeek()
                && benignKinds.getOrDefault(kind, 0) < EXAMPLES_PER_KIND
                && !book.involves(day.date, s);
    }

    void benign(SchoolDay day, String kind, String detector, StaffMember s, String account, Instant start,
                Instant end, String note) {
        if (!wantsBenign(day, kind, s)) return;
        benignKinds.merge(kind, 1, Integer::sum);
        benign.add(new Row(detector, s.id(), account, start, end, note));
    }

    List<Row> labels() {
        return labels;
    }

    void write(Path out, Map<String, Long> rows) throws IOException {
        write(out.resolve("labels.csv"), labels);
        rows.put("labels.csv", (long) labels.size());
        write(out.resolve("benign.csv"), benign);
        rows.put("benign.csv", (long) benign.size());
    }

    private static void write(Path file, List<Row> list) throws IOException {
        try (RosterFiles.Table t = new RosterFiles.Table(file, HEADER)) {
            for (Row r : list) {
                t.row(r.detector(), r.staffId(), r.account(), SchoolClock.utcSeconds(r.start()),
                        SchoolClock.utcSeconds(r.end()), r.note());
            }
        }
    }
}
