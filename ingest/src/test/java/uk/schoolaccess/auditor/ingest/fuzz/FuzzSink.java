package uk.schoolaccess.auditor.ingest.fuzz;

import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowSink;
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
 * Takes what a reader sends without a store, checking what every reader promises: each record
 * has an origin, a quarantine has a reason, no stored text holds U+FFFD, and no record handed
 * over is longer than the limit. A small limit, so short fuzz inputs reach the over-long path.
 */
final class FuzzSink implements RowSink {

    static final int MAX_RECORD_CHARS = 2048;

    long rows;
    long quarantined;

    private void row(Origin o, Object row) {
        check(o);
        if (row == null) {
            throw new AssertionError("a null row at line " + o.line());
        }
        if (o.raw().indexOf('\uFFFD') >= 0) {
            throw new AssertionError("a record holding U+FFFD was handed over, not quarantined, line " + o.line());
        }
        rows++;
    }

    private static void check(Origin o) {
        if (o == null || o.raw() == null || o.line() < 0) {
            throw new AssertionError("a record without an origin: " + o);
        }
    }

    @Override
    public void recordAccess(Origin o, RecordAccessRow r) {
        row(o, r);
    }

    @Override
    public void logonEvent(Origin o, LogonEventRow r) {
        row(o, r);
    }

    @Override
    public void signin(Origin o, SigninRow r) {
        row(o, r);
    }

    @Override
    public void staff(Origin o, StaffRow r) {
        row(o, r);
    }

    @Override
    public void staffAccount(Origin o, StaffAccountRow r) {
        row(o, r);
    }

    @Override
    public void pupil(Origin o, PupilRow r) {
        row(o, r);
    }

    @Override
    public void pupilAccount(Origin o, PupilAccountRow r) {
        row(o, r);
    }

    @Override
    public void relationship(Origin o, RelationshipRow r) {
        row(o, r);
    }

    @Override
    public void incident(Origin o, IncidentRow r) {
        row(o, r);
    }

    @Override
    public void involvement(Origin o, InvolvementRow r) {
        row(o, r);
    }

    @Override
    public void ignored(Origin o) {
        check(o);
    }

    @Override
    public void quarantine(Origin o, String reason) {
        check(o);
        if (reason == null || reason.isBlank()) {
            throw new AssertionError("a quarantine without a reason at line " + o.line());
        }
        if (o.raw().length() > Math.max(MAX_RECORD_CHARS, 1024) + 1) {
            throw new AssertionError("an over-long record kept whole in quarantine: " + o.raw().length() + " chars");
        }
        quarantined++;
    }

    @Override
    public void ambiguousTime(Origin o) {
        check(o);
    }

    @Override
    public int maxRecordChars() {
        return MAX_RECORD_CHARS;
    }
}
