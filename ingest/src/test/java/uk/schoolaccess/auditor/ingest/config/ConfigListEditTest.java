package uk.schoolaccess.auditor.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accepting a network into auditor.yaml changes that one list and nothing else of the school's file. */
class ConfigListEditTest {

    @TempDir
    Path dir;

    private String edit(String before, String... ranges) throws Exception {
        Path f = dir.resolve("auditor.yaml");
        Files.writeString(f, before);
        ConfigListEdit.add(f, "networks", "school", List.of(ranges));
        return Files.readString(f);
    }

    @Test
    void a_flow_list_gets_the_range_and_every_comment_stays() throws Exception {
        String before = """
                # Northfield's settings: ask IT before changing
                school:
                  id: NFS   # the trust's code
                networks:
                  school: [10.9.0.0/16]   # the old campus
                  approved_remote: []     # no VPN
                """;
        assertEquals(before.replace("[10.9.0.0/16]", "[10.9.0.0/16, 198.51.100.0/28]"),
                edit(before, "198.51.100.0/28"));
    }

    @Test
    void a_block_list_gets_one_more_line_with_its_own_indentation() throws Exception {
        String before = """
                networks:
                    school:
                      - 10.9.0.0/16   # old campus
                      - 10.8.0.0/16
                    # remote access
                    approved_remote: []
                """;
        assertEquals(before.replace("      - 10.8.0.0/16\n", "      - 10.8.0.0/16\n      - 198.51.100.0/28\n"),
                edit(before, "198.51.100.0/28"));
    }

    @Test
    void an_empty_or_missing_list_or_section_is_written_where_a_person_would() throws Exception {
        assertEquals("networks:\n  school: [198.51.100.0/28]  # ours\n", edit("networks:\n  school: []  # ours\n",
                "198.51.100.0/28"));
        assertEquals("networks:\n  school: [198.51.100.0/28]\n  approved_remote: [192.0.2.0/28]\n",
                edit("networks:\n  approved_remote: [192.0.2.0/28]\n", "198.51.100.0/28"));
        assertEquals("networks: {school: [198.51.100.0/28]}  # to do\nsmtp: {}\n",
                edit("networks:  # to do\nsmtp: {}\n", "198.51.100.0/28"));
        assertEquals("networks:\n  school: [198.51.100.0/28]\n", edit("networks:\n  school: ~\n", "198.51.100.0/28"));
        assertEquals("networks: {approved_remote: [], school: [198.51.100.0/28]}\n",
                edit("networks: {approved_remote: []}\n", "198.51.100.0/28"));
        assertEquals("# mine\nschool: {id: X}\nnetworks:\n  school: [198.51.100.0/28, 203.0.113.0/29]\n",
                edit("# mine\nschool: {id: X}", "198.51.100.0/28", "203.0.113.0/29"));
    }

    @Test
    void a_range_already_there_is_not_added_again_and_the_file_is_not_touched() throws Exception {
        Path f = dir.resolve("auditor.yaml");
        Files.writeString(f, "networks:\n  school: ['198.51.100.0/28']\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        var modified = Files.getLastModifiedTime(f);
        assertEquals(List.of(), ConfigListEdit.add(f, "networks", "school", List.of("198.51.100.0/28")));
        assertEquals(modified, Files.getLastModifiedTime(f));
        assertEquals(List.of("203.0.113.0/29"), ConfigListEdit.add(f, "networks", "school",
                List.of("198.51.100.0/28", "203.0.113.0/29")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "its permissions kept");
        assertEquals(List.of("198.51.100.0/28", "203.0.113.0/29"),
                ConfigListEdit.current(Files.readString(f), f, "networks", "school"));
    }

    @Test
    void no_file_yet_starts_one_for_the_owner_only_that_the_config_reads() throws Exception {
        Path f = dir.resolve("store").resolve("auditor.yaml");
        assertEquals(List.of("198.51.100.0/28"), ConfigListEdit.add(f, "networks", "school", List.of("198.51.100.0/28")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("[\"198.51.100.0/28\"]", ConfigFile.load(f).tree().path("networks").path("school").toString());
        assertTrue(Files.readString(f).startsWith("# auditor.yaml"), "says what it is");
        try (var left = Files.list(f.getParent())) {
            assertEquals(1, left.count(), "no partial file left behind");
        }
    }

    @Test
    void a_list_it_cannot_read_is_a_plain_error_and_the_file_stays_as_it_was() throws Exception {
        Path f = dir.resolve("auditor.yaml");
        Files.writeString(f, "networks:\n  school: 10.0.0.0/8\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigListEdit.add(f, "networks", "school", List.of("198.51.100.0/28")));
        assertTrue(e.getMessage().contains("'networks.school' should be a list"), e.getMessage());
        assertEquals("networks:\n  school: 10.0.0.0/8\n", Files.readString(f));
        assertFalse(e.getMessage().contains("snakeyaml"), e.getMessage());
    }
}
