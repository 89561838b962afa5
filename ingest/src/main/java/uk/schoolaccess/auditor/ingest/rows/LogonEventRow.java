package uk.schoolaccess.auditor.ingest.rows;

import java.time.Instant;

/**
 * A logon, logoff, lock, unlock, failed logon or timeout, on a computer or in the MIS or
 * safeguarding system: table logon_events. {@code interactive} is false for accounts that are
 * not a person at a keyboard (machine accounts, SYSTEM, network logons), so detectors skip them.
 * Remote-desktop reconnects and disconnects (4778/4779) and password changes (4723/4724) are
 * kept here too: they are events of the same account on the same computer.
 */
public record LogonEventRow(String source, Instant ts, String account, String workstation,
                            String logonId, String kind, Integer logonType, String ip, Boolean mfa,
                            boolean interactive, String sessionId) {

    public static final java.util.Set<String> KINDS =
            java.util.Set.of("logon", "logoff", "lock", "unlock", "failed", "timeout", "reconnect", "disconnect",
                    "password_change");
}
