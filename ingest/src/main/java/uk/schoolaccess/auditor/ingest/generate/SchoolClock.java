package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * School local time (Europe/London) and the way each system writes a moment. MIS and CPOMS
 * audits use local time; Entra, Google and the Windows {@code @timestamp} use UTC.
 */
final class SchoolClock {
    static final ZoneId SCHOOL_ZONE = ZoneId.of("Europe/London");

    private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter CPOMS = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter WINDOWS_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SchoolClock() {
    }

    /** The instant of a local wall-clock time on a school day, {@code seconds} after midnight. */
    static Instant at(LocalDate date, int secondsAfterMidnight) {
        return date.atStartOfDay().plusSeconds(secondsAfterMidnight).atZone(SCHOOL_ZONE).toInstant();
    }

    static int hm(int hour, int minute) {
        return hour * 3600 + minute * 60;
    }

    static LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, SCHOOL_ZONE);
    }

    static String ukDate(Instant t) {
        return UK_DATE.format(local(t));
    }

    static String hourMinute(Instant t) {
        return HOUR_MINUTE.format(local(t));
    }

    static String cpoms(Instant t) {
        return CPOMS.format(local(t));
    }

    static String windowsLocal(Instant t) {
        return WINDOWS_LOCAL.format(local(t));
    }

    static String utcSeconds(Instant t) {
        return UTC_SECONDS.format(t.atOffset(ZoneOffset.UTC));
    }

    static String utcMillis(Instant t) {
        return UTC_MILLIS.format(t.atOffset(ZoneOffset.UTC));
    }
}
