package uk.schoolaccess.auditor.dashboard.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import picocli.CommandLine;

/**
 * A date option ({@code --from}, {@code --to}, {@code --start}): yyyy-MM-dd only, since 25/09/2026
 * and 09/25/2026 are both plausible; a wrong one is explained in plain words, not as a Java
 * exception.
 */
final class IsoDate implements CommandLine.ITypeConverter<LocalDate> {

    @Override
    public LocalDate convert(String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            String hint = value.matches("\\d{1,2}/\\d{1,2}/\\d{4}")
                    ? " (for 25/09/2026 write 2026-09-25)" : "";
            throw new CommandLine.TypeConversionException("'" + value + "' is not a date: write it as yyyy-MM-dd, "
                    + "for example 2026-09-25" + hint);
        }
    }
}
