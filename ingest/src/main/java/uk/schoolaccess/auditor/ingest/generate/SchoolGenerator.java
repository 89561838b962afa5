package uk.schoolaccess.auditor.ingest.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code auditor generate}: writes a deterministic sample school (roster, a week-by-week audit log
 * per system, planted violations with their labels, benign look-alikes and a manifest) so the
 * auditor can be demonstrated and tested without real staff or pupil data.
 */
public final class SchoolGenerator {
    private SchoolGenerator() {
    }

    public static GeneratorReport generate(GeneratorOptions options) throws IOException {
        long began = System.nanoTime();
        Files.createDirectories(options.out());
        School school = RosterBuilder.build(options);
        Map<String, Long> rows = new TreeMap<>();
        RosterFiles.write(school, options.out(), rows);

        CaseBook book = CaseBook.plan(school);
        Findings findings = new Findings(school.calendar, book);
        labelStalePasswords(school, book, findings);
        AuditLogs logs = new AuditLogs(options.out());
        for (int week = 1; week <= options.weeks(); week++) {
            logs.startWeek(week);
            for (LocalDate date : school.calendar.days().subList((week - 1) * 5, week * 5)) {
                new SchoolDay(school, date, logs, book, findings).run();
                logs.flushDay();
            }
            logs.endWeek(rows);
        }
        findings.write(options.out(), rows);
        Manifest.write(school, rows, options.out());
        SchoolConfig.write(options.schoolId(), options.out());
        return new GeneratorReport(rows, Duration.ofNanos(System.nanoTime() - began));
    }

    /**
     * The teaching groups {@code generate --roster-gaps} leaves out of teaching_groups.csv for these
     * options (the roster alone is built, no day simulated), so a measurement can take them out of
     * a store loaded from the complete roster instead of generating and loading the school twice.
     */
    public static java.util.Set<String> groupsLeftOut(GeneratorOptions options) {
        return RosterFiles.leftOutGroups(RosterBuilder.build(options));
    }

    /** Privileged staff chosen to skip the week-1 password change: the whole window is the evidence. */
    private static void labelStalePasswords(School school, CaseBook book, Findings findings) {
        for (StaffMember s : book.stalePasswords()) {
            findings.label("stale_privileged_password", s, s.windowsAccount(),
                    SchoolClock.at(school.calendar.firstDay(), 0), SchoolClock.at(school.calendar.lastDay(), 86_399),
                    String.join("/", s.roles()) + " account with no password change (4723) in the window, while other "
                            + "SLT, office and welfare staff changed theirs in week 1");
        }
    }
}
