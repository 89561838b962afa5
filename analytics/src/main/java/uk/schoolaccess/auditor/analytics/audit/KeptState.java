package uk.schoolaccess.auditor.analytics.audit;

import java.util.List;
import java.util.OptionalLong;

import uk.schoolaccess.auditor.analytics.engine.Engine;
import uk.schoolaccess.auditor.analytics.engine.Row;

/**
 * The one trust rule of what audits keep between runs (teaching activity, sessions, the history's
 * days): kept rows are used only when their state row says they were made the same way and no
 * roster file was loaded since, because a roster file resolves stored accounts to staff and relates
 * pupils otherwise. Each keeper then forgets only what the batches loaded since touched.
 */
public final class KeptState {

    private KeptState() {
    }

    /**
     * The last batch the kept rows saw, or empty when they cannot be trusted.
     *
     * @param state the keeper's state rows (columns made_with and last_batch)
     */
    public static OptionalLong trustedSince(Engine e, List<Row> state, String madeWith, long lastBatch) {
        if (state.size() != 1 || !madeWith.equals(state.get(0).text("made_with"))) {
            return OptionalLong.empty();
        }
        long since = state.get(0).number("last_batch");
        if (since < lastBatch && e.query("SELECT count(*) AS n FROM ingest_batches WHERE batch_id > " + since
                + " AND format LIKE 'roster-%'").get(0).number("n") > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(since);
    }
}
