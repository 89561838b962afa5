package uk.schoolaccess.auditor.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static uk.schoolaccess.auditor.ingest.Fixtures.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A file no reader recognises is described, never quoted: without its header line its first line
 * is a pupil's record (names, SEN flag, family key), and that must not reach the screen or a log.
 */
class UnrecognisedFileTest extends FreshStore {

    @Test
    void a_roster_without_its_header_line_is_said_to_start_with_data_and_none_of_its_cells_are_shown()
            throws IOException {
        List<String> lines = Files.readAllLines(path("roster/pupils.csv"));
        Path headerless = Files.write(dir.resolve("pupils-noheader.csv"), lines.subList(1, lines.size()));
        Fixtures.Recorder heard = new Fixtures.Recorder();
        Fixtures.ingest(store, heard, headerless);
        assertEquals(List.of("pupils-noheader.csv [<cell 1>, <cell 2>, <cell 3>, <cell 4>, <cell 5>, <cell 6>, "
                + "<cell 7>]"), heard.unrecognised);
        assertEquals(List.of("pupils-noheader.csv: Its first line (7 cells) looks like data, not column names "
                + "(is the header line missing?)"), heard.described);
        String told = heard.unrecognised + " " + heard.described;
        for (String cell : List.of("P00101", "Hill", "Ava", "7A", "F001")) {
            assertFalse(told.contains(cell), "'" + cell + "' was repeated: " + told);
        }
    }

    @Test
    void known_column_names_are_shown_and_other_cells_are_numbered() throws IOException {
        Path near = Files.writeString(dir.resolve("near.csv"), "pupil_id,Surname Given,Date (UTC),Hours\n1,2,3,4\n");
        Fixtures.Recorder heard = new Fixtures.Recorder();
        Fixtures.ingest(store, heard, near);
        assertEquals(List.of("near.csv: Its first line has 4 cells: pupil_id, <cell 2>, Date (UTC), <cell 4> "
                + "(cells that are not a known column name are not shown)"), heard.described);
    }

    @Test
    void office_documents_images_and_json_are_named_by_kind_without_their_bytes() throws IOException {
        Path docx = Files.write(dir.resolve("minutes.docx"), new byte[] {'P', 'K', 3, 4, 'w', 'o', 'r', 'd'});
        Path png = Files.write(dir.resolve("screenshot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        Path json = Files.writeString(dir.resolve("notes.json"), "{\"pupil\":\"Ava Hill\"}\n");
        Fixtures.Recorder heard = new Fixtures.Recorder();
        Fixtures.ingest(store, heard, docx, png, json);
        assertEquals(List.of("minutes.docx: It is a Word document, not a CSV or JSON export",
                "screenshot.png: It is an image, not a CSV or JSON export",
                "notes.json: It is JSON, but not one of the JSON exports the auditor reads"), heard.described);
        assertEquals(List.of("minutes.docx []", "screenshot.png []", "notes.json []"), heard.unrecognised);
    }
}
