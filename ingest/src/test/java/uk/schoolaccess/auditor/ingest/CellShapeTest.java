package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CellShapeTest {

    @Test
    void a_value_is_told_by_its_length_and_the_kinds_of_character_in_it() {
        assertEquals("(found 5 characters: letters)", CellShape.found("Begum"));
        assertEquals("(found 21 characters: letters, spaces and symbols)", CellShape.found("Yes - dyslexia (Jack)"));
        assertEquals("(found 1 character: digits)", CellShape.found("7"));
        assertEquals("(found nothing)", CellShape.found(""));
        assertEquals("(found 3 characters: letters)", CellShape.found("Zoë"));
    }
}
