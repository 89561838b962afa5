package uk.schoolaccess.auditor.ingest.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The school weeks being generated (Monday to Friday) and when planted cases happen: from week 3
 * on, so that earlier weeks give detectors a baseline; in the last week when there are fewer.
 */
final class SchoolCalendar {
    private final LocalDate start;
    private final int weeks;
    private final List<LocalDate> days = new ArrayList<>();

    SchoolCalendar(LocalDate start, int weeks) {
        this.start = start;
        this.weeks = weeks;
        for (int w = 0; w < weeks; w++) {
            for (int d = 0; d < 5; d++) days.add(start.plusDays(w * 7L + d));
        }
    }

    List<LocalDate> days() {
        return days;
    }

    int weeks() {
        return weeks;
    }

    LocalDate firstDay() {
        return start;
    }

    LocalDate lastDay() {
        return days.get(days.size() - 1);
    }

    LocalDate monday(int week) {
        return start.plusDays((week - 1) * 7L);
    }

    /** 1-based school week of a date. */
    int weekOf(LocalDate date) {
        return (int) ((date.toEpochDay() - start.toEpochDay()) / 7) + 1;
    }

    int firstPlantWeek() {
        return weeks >= 3 ? 3 : weeks;
    }

    /** The school days on which violations may be planted. */
    List<LocalDate> plantDays() {
        return days.subList((firstPlantWeek() - 1) * 5, days.size());
    }

    /**
     * Leave date of the staff whose account is then misused: the Friday before the planted weeks,
     * or the Monday of a short run's only planted week (their cases come later that week).
     */
    LocalDate plantedLeaverLastDay() {
        return weeks >= 3 ? monday(firstPlantWeek()).minusDays(3) : monday(weeks);
    }

    /** Leave date of leavers whose accounts fall quiet as they should. */
    LocalDate quietLeaverLastDay() {
        return days.get(Math.min(days.size() - 1, days.size() / 2));
    }
}
