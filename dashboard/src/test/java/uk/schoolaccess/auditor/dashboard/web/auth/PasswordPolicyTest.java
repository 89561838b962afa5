package uk.schoolaccess.auditor.dashboard.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private static Optional<String> problem(String user, String password) {
        return PasswordPolicy.problem(user, password.toCharArray());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the ones the issue found accepted, and their kin
            "jsmith | aaaaaaaaaaaa                | at least 4 different characters",
            "jsmith | '            '              | only spaces",
            "jsmith | abababababab                | at least 4 different characters",
            "jsmith | password1234                | commonest leaked passwords",
            "jsmith | PASSWORD1234                | commonest leaked passwords",
            "jsmith | 123456789012                | commonest leaked passwords",
            "jsmith | qwertyuiop12                | commonest leaked passwords",
            "jsmith | correct horse battery staple | commonest leaked passwords",
            "jsmith | Sunshine!2026                | digits or symbols added",
            "jsmith | 2026-football-2026           | digits or symbols added",
            "jsmith | jsmith                      | at least 12 characters",
            "jsmith | short pass                  | at least 12 characters",
            "j.smith@school.example | j.smith@school.example | contain the user name",
            "j.smith@school.example | J.Smith-spring-2026    | contain the user name",
            "headteacher | HeadTeacher-is-me      | contain the user name",
            "jsmith | my name is JSMITH ok        | contain the user name",
    })
    void refused(String user, String password, String reason) {
        Optional<String> p = problem(user, password);
        assertTrue(p.isPresent(), "accepted: " + password);
        assertTrue(p.get().contains(reason), p.get());
        assertFalse(!password.isBlank() && p.get().contains(password.strip()),
                "the message never repeats the password: " + p.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"marble kettle orchard lamp", "Tg7#pWq2!xLm", "correct horse battery",
            "quiet-otter-ninety-spoons", "it was a bright cold day"})
    void accepted(String password) {
        assertEquals(Optional.empty(), problem("it", password), password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "qwerty", "iloveyou", "123456", "football", "letmein", "welcome"})
    void the_shipped_list_holds_the_commonest_passwords(String common) {
        assertTrue(PasswordPolicy.commonPasswords().contains(common));
        assertTrue(PasswordPolicy.commonPasswords().size() > 50_000, "the ranked list, not a handful");
    }
}
