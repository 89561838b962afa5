package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.List;

/** A CPOMS incident and the staff involved in it: who wrote it, who must act, who was told. */
record Incident(long id, Pupil pupil, String category, Instant createdAt, StaffMember author,
                List<StaffMember> assigned, List<StaffMember> alerted) {

    boolean involves(StaffMember s) {
        return author.id().equals(s.id()) || assigned.contains(s) || alerted.contains(s);
    }
}
