package uk.schoolaccess.auditor.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import uk.schoolaccess.auditor.ingest.InputRejected;

/**
 * Columns are found by name, whatever the case and spacing, however a reader spells the name it
 * asks for and however many names it asks for (the answers are remembered by reference first).
 */
class HeaderTest {

    @Test
    void a_column_is_found_by_name_with_case_and_spacing_ignored_however_it_is_asked_for() {
        Header h = new Header(List.of("Date", "User  Name ", "Application ID ", "Date"));
        assertEquals(OptionalInt.of(1), h.indexOf("user name"));
        assertEquals(OptionalInt.of(1), h.indexOf(new String("User Name")), "an equal name, not the same string");
        assertEquals(OptionalInt.of(2), h.indexOf("APPLICATION ID"));
        assertEquals(OptionalInt.of(0), h.indexOf("date"), "the first of two columns of one name");
        assertEquals(OptionalInt.empty(), h.indexOf("Workstation"));
        assertEquals(OptionalInt.empty(), h.indexOf("Workstation"), "asked again");
        assertThrows(InputRejected.class, () -> h.require("Workstation"));
    }

    @Test
    void more_names_asked_than_are_remembered_by_reference_are_still_found() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            names.add("Column " + i);
        }
        Header h = new Header(names);
        List<String> asked = names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toList();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 60; i++) {
                // the same string objects every round: the first 24 by reference, the rest by the map
                assertEquals(OptionalInt.of(i), h.indexOf(asked.get(i)), "round " + round + ", column " + i);
            }
        }
        assertEquals(OptionalInt.of(59), h.indexOf("COLUMN 59"));
    }
}
