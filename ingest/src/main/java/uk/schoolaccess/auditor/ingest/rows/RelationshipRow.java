package uk.schoolaccess.auditor.ingest.rows;

import java.util.Set;

/**
 * A reason a member of staff may look at a pupil's records: they teach them, tutor their form,
 * lead their year, hold them on a caseload. Covers one pupil, a form or a year group.
 */
public record RelationshipRow(String staffId, String kind, String pupilId, String form, Integer yearGroup,
                              String groupId, String subject) {

    public static final Set<String> PASTORAL_KINDS =
            Set.of("form_tutor", "head_of_year", "senco_caseload", "keyworker");
}
