package uk.schoolaccess.auditor.ingest.mapped;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The digit-by-digit reading of fixed-width time patterns gives exactly what the strict formatter gives. */
class FixedLayoutTest {

    @Test
    void every_text_read_quickly_is_read_the_same_by_the_formatter_and_the_rest_is_left_to_it() {
        for (String pattern : List.of("dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "MM/dd/yyyy HH:mm")) {
            MappedCsvSql.FixedLayout layout = MappedCsvSql.FixedLayout.of(pattern);
            DateTimeFormatter strict = MappedCsvReader.strict(pattern);
            int read = 0;
            for (String text : List.of("31/05/2027 07:18", "31/05/2027 07:18:59", "2027-05-31 07:18:59", "05/31/2027 07:18",
                    "31/09/2026 08:48", "29/02/2027 10:00", "29/02/2028 10:00", "14/09/2026 24:00", "14/09/2026 23:60",
                    "14/09/2026 8:57", "14/9/2026 08:57", "00/09/2026 08:57", "14/13/2026 08:57", "14-09-2026 08:57",
                    "14/09/0000 08:57", "14/09/2026 08:57 ", "+4/09/2026 08:57", "14/09/2026 08:5x", "")) {
                LocalDateTime quick = layout.parse(text);
                LocalDateTime slow;
                try {
                    slow = LocalDateTime.parse(text, strict);
                } catch (DateTimeParseException e) {
                    slow = null;
                }
                if (quick != null || (slow != null && text.length() == pattern.length())) {
                    assertEquals(slow, quick, pattern + " / " + text);
                    read++;
                }
            }
            assertEquals(true, read >= 1, pattern + ": texts read quickly " + read);
        }
    }

    @Test
    void patterns_with_anything_but_fixed_width_numbers_are_not_read_quickly() {
        for (String pattern : List.of("iso", "d/M/yyyy H:mm", "dd MMM yyyy HH:mm", "dd/MM/yy HH:mm", "dd/MM/yyyy hh:mm a",
                "dd/MM/yyyy", "dd/MM/yyyy'T'HH:mm", "yyyy-MM-dd HH:mm:ss.SSS")) {
            assertNull(MappedCsvSql.FixedLayout.of(pattern), pattern);
        }
    }
}
