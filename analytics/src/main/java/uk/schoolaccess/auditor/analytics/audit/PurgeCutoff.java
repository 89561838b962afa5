package uk.schoolaccess.auditor.analytics.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Where the store's events become whole again after a retention purge: the latest cut-off of a
 * purge that deleted events (docs/retention.md). Before it the store keeps only the events open
 * findings cite (a logon without its logoff, one day of a bulk export): evidence of those
 * findings, not data to audit, so no audit period or baseline history reaches back past it.
 * One cut-off for all three event tables: the detectors pair logons with sign-ins and accesses.
 */
public final class PurgeCutoff {

    private PurgeCutoff() {
    }

    /** The cut-off recorded in the store's purge_log; empty when no purge deleted an event. */
    public static Optional<Instant> of(Connection store) throws SQLException {
        try (Statement s = store.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(cutoff) FROM purge_log WHERE table_name IN ('record_access', "
                     + "'logon_events', 'signins') AND rows_deleted > 0")) {
            LocalDateTime cut = rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
            return Optional.ofNullable(cut).map(c -> c.toInstant(ZoneOffset.UTC));
        }
    }

    /** The part of {@code asked} on or after the cut-off; empty when all of it lies before. */
    public static Optional<AuditPeriod> clamp(AuditPeriod asked, Optional<Instant> cutoff) {
        if (cutoff.isEmpty() || !asked.from().isBefore(cutoff.get())) {
            return Optional.of(asked);
        }
        return cutoff.get().isBefore(asked.to()) ? Optional.of(new AuditPeriod(cutoff.get(), asked.to()))
                : Optional.empty();
    }
}
