package uk.schoolaccess.auditor.dashboard.web.pages;

import java.util.Map;

/** The promise behind each clause id (short excerpts of real school staff AUPs, AUP-CLAUSES.md). */
public final class AupClauses {

    private static final Map<String, String> PROMISES = Map.ofEntries(
            Map.entry("CRED-1", "I will not reveal my username and password(s) to anyone else; I will not share my "
                    + "MIS or safeguarding-system login credentials with anyone."),
            Map.entry("CRED-2", "I will not share or continue to use any logins for any school service or platform "
                    + "when I leave my employment."),
            Map.entry("CRED-3", "If I have a higher level access to SIMS I will ensure my passwords are changed at "
                    + "least once a term (SLT, Office and welfare staff)."),
            Map.entry("SESS-1", "I will not share my MIS login credentials with anyone and will ensure that I log "
                    + "out after each session."),
            Map.entry("SESS-2", "I will lock the screen or log off my computer on leaving the room so that children "
                    + "do not have access to 'staff only' areas or sensitive information."),
            Map.entry("MFA-1", "I will use multi-factor authentication, where available, to enhance the security of "
                    + "my access to the MIS."),
            Map.entry("MFA-2", "Multi-factor authentication should be used when accessing these systems "
                    + "(safeguarding systems)."),
            Map.entry("ACC-1", "I will only access the MIS with the appropriate permissions and for legitimate "
                    + "school-related purposes."),
            Map.entry("ACC-2", "I will only access these systems for legitimate safeguarding-related activities and "
                    + "will avoid unnecessary browsing or querying of data."),
            Map.entry("DATA-1", "Personal data can only be taken out of school on password protected or encrypted "
                    + "devices; I will access school resources remotely only through school approved methods."),
            Map.entry("DATA-2", "I will not try (unless I have permission) to make large downloads or uploads."));

    private AupClauses() {
    }

    public static String promise(String clause) {
        return PROMISES.getOrDefault(clause, "");
    }
}
