package uk.schoolaccess.auditor.ingest.rows;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A member of staff from the roster: table staff. {@code familyKey} (optional, an extension of
 * the roster format) links a member of staff to pupils of the same family, so a look at a
 * relative's records is never explained away by a role.
 */
public record StaffRow(String staffId, String displayName, String email, List<String> roles,
                       LocalDate startDate, LocalDate leaveDate, String schoolId, String familyKey) {

    public static final Set<String> ROLES = Set.of("teacher", "form_tutor", "head_of_year", "senco",
            "dsl", "deputy_dsl", "office", "welfare", "slt", "it", "supply", "governor", "volunteer");
}
