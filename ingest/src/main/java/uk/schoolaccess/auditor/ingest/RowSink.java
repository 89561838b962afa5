package uk.schoolaccess.auditor.ingest;

import uk.schoolaccess.auditor.ingest.rows.IncidentRow;
import uk.schoolaccess.auditor.ingest.rows.InvolvementRow;
import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;
import uk.schoolaccess.auditor.ingest.rows.PupilRow;
import uk.schoolaccess.auditor.ingest.rows.RecordAccessRow;
import uk.schoolaccess.auditor.ingest.rows.RelationshipRow;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;
import uk.schoolaccess.auditor.ingest.rows.StaffAccountRow;
import uk.schoolaccess.auditor.ingest.rows.StaffRow;

/**
 * Where a reader sends what it read. Every data record of a file ends up in exactly one of
 * these calls (an event reader may turn one record into several events), so nothing is lost
 * silently. {@code origin} is the record's first physical line and its raw text: the event
 * id is derived from it, and a finding can point back at file:line.
 */
public interface RowSink {

    void recordAccess(Origin origin, RecordAccessRow row);

    void logonEvent(Origin origin, LogonEventRow row);

    void signin(Origin origin, SigninRow row);

    void staff(Origin origin, StaffRow row);

    void staffAccount(Origin origin, StaffAccountRow row);

    void pupil(Origin origin, PupilRow row);

    void relationship(Origin origin, RelationshipRow row);

    void incident(Origin origin, IncidentRow row);

    void involvement(Origin origin, InvolvementRow row);

    /** A record that could not be read: kept with its line, raw text and the reason. */
    void quarantine(Origin origin, String reason);

    /** A record whose local time fell in the repeated hour of an autumn clock change. */
    void ambiguousTime(Origin origin);
}
