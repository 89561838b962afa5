package uk.schoolaccess.auditor.ingest.rows;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** A member of staff from the roster: table staff. */
public record StaffRow(String staffId, String displayName, String email, List<String> roles,
                       LocalDate startDate, LocalDate leaveDate, String schoolId) {

    public static final Set<String> ROLES = Set.of("teacher", "form_tutor", "head_of_year", "senco",
            "dsl", "deputy_dsl", "office", "welfare", "slt", "it", "supply", "governor", "volunteer");
}
