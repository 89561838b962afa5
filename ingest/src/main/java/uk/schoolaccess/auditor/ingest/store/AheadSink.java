package uk.schoolaccess.auditor.ingest.store;

import uk.schoolaccess.auditor.ingest.Origin;

/** A batch that can take events a reading thread staged ahead ({@link AheadStage}). */
public interface AheadSink {

    void stagedAhead(Origin origin, AheadStage.Staged staged);
}
