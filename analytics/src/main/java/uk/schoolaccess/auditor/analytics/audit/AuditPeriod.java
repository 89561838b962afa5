package uk.schoolaccess.auditor.analytics.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The span an audit reports on, [from, to), in UTC; given as school-local dates on the command line. */
public record AuditPeriod(Instant from, Instant to) {

    public AuditPeriod {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the audit period must end after it starts (" + from + " .. " + to + ")");
        }
    }

    /** From the start of {@code first} to the end of {@code last}, both inclusive, in the school's zone. */
    public static AuditPeriod ofDates(LocalDate first, LocalDate last, ZoneId zone) {
        requireInOrder(first, last);
        return new AuditPeriod(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * Refuses a last day before the first (either may be absent), in the dates typed: the period's
     * instants are the school's midnights in UTC, which read a day early in summer.
     */
    public static void requireInOrder(LocalDate first, LocalDate last) {
        if (first != null && last != null && last.isBefore(first)) {
            throw new IllegalArgumentException("the audit period must end on or after the day it starts (from " + first
                    + " to " + last + ")");
        }
    }

    /** A SQL TIMESTAMP literal in UTC, for ${from} / ${to}. */
    public static String sql(Instant i) {
        return "TIMESTAMP '" + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(i.atOffset(java.time.ZoneOffset.UTC)
                .toLocalDateTime()) + "'";
    }
}
