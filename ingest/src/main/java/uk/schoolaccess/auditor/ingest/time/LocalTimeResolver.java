package uk.schoolaccess.auditor.ingest.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;

import uk.schoolaccess.auditor.ingest.RowRejected;

/**
 * Turns the local times of one file into UTC, keeping the file's order through clock changes.
 *
 * <p>In the autumn an hour repeats (Europe/London 01:00-01:59 on the last Sunday of October).
 * A file in time order runs through it twice: first in summer time, then, once the local time
 * steps backwards inside that hour, in winter time. A file listed newest first (as many
 * exports are) meets it the other way round: winter time first, then summer time once the local
 * time steps forwards; the order is told by the row before the repeated hour (a time up to
 * three hours later means newest first). Rows are resolved that way, in file order, and each one is reported as
 * ambiguous so the batch report can say how many there were; equal local times stay equal
 * rather than being spread apart by guesswork. A local time that never happened (the spring
 * gap) is rejected, never shifted.
 */
public final class LocalTimeResolver {

    static final java.time.Duration STEP_BACK = java.time.Duration.ofMinutes(10);

    private final ZoneId zone;
    private LocalDateTime lastAmbiguous;
    private LocalDateTime lastPlain;
    private boolean pastRepeat;
    private boolean newestFirst;

    public LocalTimeResolver(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    public Resolved resolve(LocalDateTime local) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.size() == 1) {
            lastPlain = local;
            return new Resolved(local.toInstant(offsets.get(0)), false);
        }
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = zone.getRules().getTransition(local);
            throw new RowRejected("local time " + local + " does not exist in " + zone
                    + " (clocks went forward at " + gap.getDateTimeBefore() + ")");
        }
        if (lastAmbiguous == null || !lastAmbiguous.toLocalDate().equals(local.toLocalDate())) {
            // the first row of this repeated hour: the row just before it (within a few hours, not a
            // file sorted by person) says which way the file runs
            pastRepeat = false;
            newestFirst = lastPlain != null && lastPlain.isAfter(local) && !lastPlain.isAfter(local.plusHours(3));
            lastAmbiguous = local;
        }
        // The clocks going back show as a jump of many minutes against the file's direction; a
        // few seconds out of order within the first pass is not it.
        if (newestFirst ? local.isAfter(lastAmbiguous.plus(STEP_BACK)) : local.isBefore(lastAmbiguous.minus(STEP_BACK))) {
            pastRepeat = true;
        }
        if (newestFirst ? local.isBefore(lastAmbiguous) : local.isAfter(lastAmbiguous)) {
            lastAmbiguous = local;
        }
        // offsets: summer time (earlier instant) first, winter time second
        boolean summer = newestFirst == pastRepeat;
        ZoneOffset offset = summer ? offsets.get(0) : offsets.get(1);
        return new Resolved(local.toInstant(offset), true);
    }

    /** A UTC instant, and whether the local time it came from happened twice. */
    public record Resolved(Instant instant, boolean ambiguous) {
    }
}
