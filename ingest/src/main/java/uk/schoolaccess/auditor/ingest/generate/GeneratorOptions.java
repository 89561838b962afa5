package uk.schoolaccess.auditor.ingest.generate;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What sample school to make. The same options (apart from {@code out}) always give the same
 * files, byte for byte, so tests and benchmarks can rely on them.
 */
public record GeneratorOptions(Path out, int pupils, int staff, int weeks, LocalDate start, long seed,
                               String schoolId, double rosterGaps) {

    public GeneratorOptions {
        Objects.requireNonNull(out, "out folder is required");
        Objects.requireNonNull(start, "start date is required");
        if (pupils < 50) throw new IllegalArgumentException("--pupils must be at least 50 (was " + pupils + ")");
        if (pupils > 20_000) throw new IllegalArgumentException("--pupils must be at most 20000 (was " + pupils + ")");
        if (staff < 20) throw new IllegalArgumentException("--staff must be at least 20 (was " + staff + ")");
        if (staff > 2_000) throw new IllegalArgumentException("--staff must be at most 2000 (was " + staff + ")");
        if (weeks < 1) throw new IllegalArgumentException("--weeks must be at least 1 (was " + weeks + ")");
        if (weeks > 99) throw new IllegalArgumentException("--weeks must be at most 99 (was " + weeks + ")");
        if (start.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("--start must be a Monday (was " + start + ", a " + start.getDayOfWeek() + ")");
        }
        if (schoolId == null || !schoolId.matches("[A-Z][A-Z0-9]{1,7}")) {
            throw new IllegalArgumentException("--school-id must be 2-8 capital letters or digits (was " + schoolId + ")");
        }
        if (!(rosterGaps >= 0 && rosterGaps < 1)) {
            throw new IllegalArgumentException("--roster-gaps must be at least 0 and below 1 (was " + rosterGaps + ")");
        }
    }

    /** A school whose roster export is complete. */
    public GeneratorOptions(Path out, int pupils, int staff, int weeks, LocalDate start, long seed, String schoolId) {
        this(out, pupils, staff, weeks, start, seed, schoolId, 0.0);
    }

    /** A mid-sized secondary school over the first six weeks of the autumn term 2026. */
    public static GeneratorOptions defaults(Path out) {
        return new GeneratorOptions(out, 1200, 120, 6, LocalDate.of(2026, 9, 7), 1L, "NFS");
    }

    public GeneratorOptions withOut(Path newOut) {
        return new GeneratorOptions(newOut, pupils, staff, weeks, start, seed, schoolId, rosterGaps);
    }

    /**
     * The same school whose teaching_groups.csv leaves out this share of whole groups (chosen from
     * the seed), as an incomplete MIS export does; the school's activity is unchanged.
     */
    public GeneratorOptions withRosterGaps(double share) {
        return new GeneratorOptions(out, pupils, staff, weeks, start, seed, schoolId, share);
    }
}
