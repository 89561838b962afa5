package uk.schoolaccess.auditor.ingest.mapped;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import uk.schoolaccess.auditor.ingest.Fixtures;
import uk.schoolaccess.auditor.ingest.Ingestor;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.Readers;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.store.Store;

class ProfilesTest {

    @TempDir
    Path dir;

    @Test
    void the_shipped_profiles_load_and_are_recognised_from_their_headers() throws IOException {
        assertEquals(List.of("record-access", "sims", "cpoms"), Profiles.shipped().stream().map(Profile::format).toList());
        Readers readers = Readers.builtIn();
        for (String[] c : new String[][] {{"mis/sims-audit-week-01.csv", "sims"}, {"cpoms/cpoms-audit-week-01.csv", "cpoms"},
                {"neutral/record-access.csv", "record-access"}, {"roster/staff.csv", "roster-staff"},
                {"roster/pupils.csv", "roster-pupils"}, {"roster/teaching_groups.csv", "roster-teaching-groups"},
                {"roster/pastoral.csv", "roster-pastoral"}, {"roster/incidents.csv", "roster-incidents"}}) {
            Sniff sniff = Sniff.of(SourceFile.of(Fixtures.path(c[0])));
            assertEquals(c[1], readers.detect(sniff).orElseThrow().format(), c[0]);
        }
    }

    @Test
    void a_schools_own_profile_reads_its_own_layout() throws IOException {
        Path profile = dir.resolve("scholarpack.yaml");
        Files.writeString(profile, """
                format: scholarpack-audit
                system: scholarpack
                detect: [When, Staff Login, Did, Pupil]
                time: {columns: [When], pattern: "yyyy-MM-dd HH:mm:ss"}
                columns: {user: Staff Login, pupil_id: Pupil, workstation: PC}
                action: {column: Did, values: {Opened: view, Changed: edit, Signed in: login}}
                area: {column: Screen}
                """);
        Path csv = dir.resolve("sp.csv");
        Files.writeString(csv, "When,Staff Login,Did,Pupil,PC,Screen\n"
                + "2026-09-14 08:00:00,acarter,Signed in,,PC1,\n"
                + "2026-09-14 08:01:00,acarter,Opened,P00101,PC1,Medical Notes\n");
        try (Store store = Store.open(dir.resolve("a.duckdb"))) {
            Readers readers = Readers.with(List.of(Profiles.load(profile)));
            new Ingestor(store, readers, new ReadContext(IngestSettings.defaults()), new Fixtures.Recorder())
                    .run(List.of(csv), null);
            assertEquals(List.of(List.of("scholarpack", "view", "medical_notes", "P00101", "PC1")),
                    Fixtures.rows(store, "SELECT source, action, area, pupil_id, workstation FROM record_access"));
            assertEquals(1, store.count("logon_events"));
        }
    }

    @Test
    void a_broken_profile_is_refused_naming_the_file_and_key() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                format: x
                system: sims
                detect: [A]
                time: {columns: [A], pattern: iso}
                columns: {user: B, colour: C}
                action: {column: D, values: {go: view}}
                """);
        ProfileException e = assertThrows(ProfileException.class, () -> Profiles.load(bad));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("colour"), e.getMessage());
        Files.writeString(bad, """
                format: x
                system: sims
                detect: [A]
                time: {columns: [A], pattern: iso}
                columns: {user: B}
                action: {column: D, values: {go: look}}
                """);
        ProfileException a = assertThrows(ProfileException.class, () -> Profiles.load(bad));
        assertTrue(a.getMessage().contains("action.values['go']"), a.getMessage());

        // A wrong shape and a missing file, in words: no parser or Java class names.
        Files.writeString(bad, "format: x\ncolumns: [user, time\n");
        ProfileException shape = assertThrows(ProfileException.class, () -> Profiles.load(bad));
        assertTrue(shape.getMessage().contains("bad.yaml: "), shape.getMessage());
        assertFalse(shape.getMessage().contains("java.") || shape.getMessage().contains("JsonToken"), shape.getMessage());
        ProfileException missing = assertThrows(ProfileException.class, () -> Profiles.load(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().endsWith("nope.yaml: no such profile file"), missing.getMessage());
    }

    @Test
    void a_date_that_does_not_exist_is_rejected_not_rolled_back_to_a_real_one() {
        assertThrows(java.time.format.DateTimeParseException.class, () -> java.time.LocalDateTime.parse(
                "31/09/2026 08:00", MappedCsvReader.strict("dd/MM/yyyy HH:mm")));
    }
}
