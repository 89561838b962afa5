package uk.schoolaccess.auditor.ingest.generate;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedRosterTest {
    private final Path roster = GeneratedSchool.small().resolve("roster");

    @Test
    void every_timetable_pastoral_and_incident_reference_exists() throws IOException {
        Set<String> staff = firstColumn("staff.csv");
        Set<String> pupils = firstColumn("pupils.csv");
        Set<String> cpomsLogins = new HashSet<>();
        for (String[] s : rows("staff.csv")) {
            for (String account : s[6].split(";")) if (account.startsWith("cpoms:")) cpomsLogins.add(account.substring(6));
        }
        for (String[] g : rows("teaching_groups.csv")) {
            assertTrue(staff.contains(g[2]), "teacher " + g[2]);
            assertTrue(pupils.contains(g[3]), "pupil " + g[3]);
        }
        for (String[] p : rows("pastoral.csv")) {
            assertTrue(staff.contains(p[0]), "pastoral staff " + p[0]);
            long filled = java.util.stream.Stream.of(p[2], p[3], p[4]).filter(v -> !v.isEmpty()).count();
            assertEquals(1, filled, "exactly one of year_group/form/pupil_id: " + String.join(",", p));
            if (!p[4].isEmpty()) assertTrue(pupils.contains(p[4]), "pastoral pupil " + p[4]);
        }
        for (String[] i : rows("incidents.csv")) {
            assertTrue(pupils.contains(i[1]), "incident pupil " + i[1]);
            assertTrue(cpomsLogins.contains(i[4]), "author " + i[4]);
            for (String login : (i[5] + ";" + i[6]).split(";")) {
                if (!login.isEmpty()) assertTrue(cpomsLogins.contains(login), "involved " + login);
            }
        }
    }

    @Test
    void every_staff_account_belongs_to_exactly_one_person() throws IOException {
        Set<String> seen = new HashSet<>();
        for (String[] s : rows("staff.csv")) {
            Set<String> own = new HashSet<>();
            for (String account : s[6].split(";")) {
                assertTrue(account.matches("(entra|google|windows|sims|cpoms):.+"), account);
                String login = account.substring(account.indexOf(':') + 1);
                if (own.add(login)) assertTrue(seen.add(login), "account used by two people: " + account);
            }
        }
    }

    @Test
    void the_school_has_the_roles_a_secondary_school_needs() throws IOException {
        List<String[]> staff = rows("staff.csv");
        assertEquals(1, count(staff, "dsl"));
        assertEquals(2, count(staff, "deputy_dsl"));
        assertEquals(2, count(staff, "office"));
        assertEquals(2, count(staff, "welfare"));
        assertEquals(1, count(staff, "it"));
        assertEquals(1, count(staff, "senco"));
        assertEquals(5, count(staff, "head_of_year"));
        assertTrue(count(staff, "supply") >= 1);
        assertTrue(staff.stream().filter(s -> !s[5].isEmpty()).count() >= 2, "some leavers");
        List<String[]> pupils = rows("pupils.csv");
        long sen = pupils.stream().filter(p -> p[5].equals("Y")).count();
        assertTrue(sen > pupils.size() * 0.07 && sen < pupils.size() * 0.25, "SEN share " + sen);
        Set<String> families = new HashSet<>();
        pupils.forEach(p -> families.add(p[6]));
        assertTrue(families.size() < pupils.size(), "some siblings share a family key");
    }

    private static long count(List<String[]> staff, String role) {
        return staff.stream().filter(s -> List.of(s[3].split(";")).contains(role)).count();
    }

    private List<String[]> rows(String file) throws IOException {
        List<String[]> all = GeneratedSchool.csv(roster.resolve(file));
        return all.subList(1, all.size());
    }

    private Set<String> firstColumn(String file) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String[] row : rows(file)) assertTrue(ids.add(row[0]), "duplicate id " + row[0] + " in " + file);
        return ids;
    }
}
