package uk.schoolaccess.auditor.ingest.google;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowSink;
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
 * The sink of the first pass over a Google file, which only looks for second factors: the
 * second pass sends every record, bad ones included, to the real sink, so nothing here counts.
 */
final class Unrecorded implements RowSink {

    static final Unrecorded SINK = new Unrecorded();

    private Unrecorded() {
    }

    @Override
    public void recordAccess(Origin origin, RecordAccessRow row) {
    }

    @Override
    public void logonEvent(Origin origin, LogonEventRow row) {
    }

    @Override
    public void signin(Origin origin, SigninRow row) {
    }

    @Override
    public void staff(Origin origin, StaffRow row) {
    }

    @Override
    public void staffAccount(Origin origin, StaffAccountRow row) {
    }

    @Override
    public void pupil(Origin origin, PupilRow row) {
    }

    @Override
    public void pupilAccount(Origin origin, uk.schoolaccess.auditor.ingest.rows.PupilAccountRow row) {
    }

    @Override
    public void relationship(Origin origin, RelationshipRow row) {
    }

    @Override
    public void incident(Origin origin, IncidentRow row) {
    }

    @Override
    public void involvement(Origin origin, InvolvementRow row) {
    }

    @Override
    public void ignored(Origin origin) {
    }

    @Override
    public void quarantine(Origin origin, String reason) {
    }

    @Override
    public void ambiguousTime(Origin origin) {
    }
}
