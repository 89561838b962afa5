package uk.schoolaccess.auditor.ingest;

import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.rows.IncidentRow;
import uk.schoolaccess.auditor.ingest.rows.InvolvementRow;
import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;
import uk.schoolaccess.auditor.ingest.rows.PupilAccountRow;
import uk.schoolaccess.auditor.ingest.rows.PupilRow;
import uk.schoolaccess.auditor.ingest.rows.RecordAccessRow;
import uk.schoolaccess.auditor.ingest.rows.RelationshipRow;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;
import uk.schoolaccess.auditor.ingest.rows.StaffAccountRow;
import uk.schoolaccess.auditor.ingest.rows.StaffRow;

/**
 * Where a reader sends what it read. Every data record of a file ends up in at least one of
 * these calls, the first with {@code origin.part() == 0} (an event reader may turn one record
 * into several events, numbered by part), so every record is counted and nothing is lost
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

    void pupilAccount(Origin origin, PupilAccountRow row);

    void relationship(Origin origin, RelationshipRow row);

    void incident(Origin origin, IncidentRow row);

    void involvement(Origin origin, InvolvementRow row);

    /**
     * A well-formed record that is not an audit event (a Sysmon or process event in a Windows
     * export, a passkey enrolment in Google's login log): counted in the batch, not stored.
     */
    void ignored(Origin origin);

    /** A record that could not be read: kept with its line, raw text and the reason. */
    void quarantine(Origin origin, String reason);

    /** A record whose local time fell in the repeated hour of an autumn clock change. */
    void ambiguousTime(Origin origin);

    /**
     * The longest record the readers hand over whole (ingest.max_record_bytes); a longer one is
     * quarantined with its first characters only, so one huge line never fills the memory.
     */
    default int maxRecordChars() {
        return IngestSettings.Limits.DEFAULTS.maxRecordChars();
    }

    /** Why a record holding undecodable bytes is quarantined rather than stored with U+FFFD. */
    String UNDECODABLE = "bytes that are not valid text in this file's encoding (shown as \uFFFD); "
            + "re-export the file as UTF-8";
}
