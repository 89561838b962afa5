package uk.schoolaccess.auditor.analytics.detect;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * The staff list as detectors need it: how to name a person in a summary, their roles, and the
 * peer group they are compared with.
 */
public final class People {

    /**
     * Peer groups, most specific first: a member of staff is compared with others of their
     * first matching role, so the SENCo is not judged against classroom teachers.
     */
    static final List<String> PEER_ORDER = List.of("dsl", "deputy_dsl", "senco", "office", "welfare", "it",
            "head_of_year", "slt", "supply", "form_tutor", "teacher", "governor", "volunteer");

    /** One member of staff. */
    public record Person(String staffId, String name, List<String> roles, LocalDate leaveDate) {
        public String peerGroup() {
            return PEER_ORDER.stream().filter(roles::contains).findFirst().orElse("staff");
        }

        public boolean hasAny(List<String> wanted) {
            return roles.stream().anyMatch(wanted::contains);
        }

        /** "Alex Carter (S0001)", or the id alone when the roster has no name. */
        public String label() {
            return name == null ? staffId : name + " (" + staffId + ")";
        }
    }

    private final Map<String, Person> byId = new HashMap<>();

    private People(List<Row> rows) {
        for (Row r : rows) {
            byId.put(r.text("staff_id"), new Person(r.text("staff_id"), r.text("display_name"), r.list("roles"),
                    r.date("leave_date")));
        }
    }

    public static People of(AuditContext context) {
        return new People(context.engine().query("SELECT staff_id, display_name, roles, leave_date FROM staff"));
    }

    public Person get(String staffId) {
        Person p = byId.get(staffId);
        return p != null ? p : new Person(staffId, null, List.of(), null);
    }

    public String label(String staffId) {
        return staffId == null ? "an account nobody in the roster owns" : get(staffId).label();
    }
}
