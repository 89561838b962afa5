package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Windows Security events as Winlogbeat/NXLog ship them (FORMATS §3a): one JSON object a line,
 * event data flattened to top-level strings, {@code @timestamp} in UTC and {@code EventTime} in
 * the computer's local time.
 */
final class WindowsSecurity {
    private final WeeklyLog log;
    private final SplittableRandom rnd;

    WindowsSecurity(WeeklyLog log, SplittableRandom rnd) {
        this.log = log;
        this.rnd = rnd;
    }

    /** 4624: a logon of the given type; returns its logon id for the matching logoff. */
    String logon(Instant t, Workstation host, String user, String domain, int type, String sourceIp, String sourceName) {
        String id = Ids.logonId(rnd, host.upperCaseLogonIds());
        return logonWithId(t, host, user, domain, type, sourceIp, sourceName, id);
    }

    String logonWithId(Instant t, Workstation host, String user, String domain, int type, String sourceIp,
                       String sourceName, String id) {
        Instant at = ms(t);
        log.add(at, event(at, host, 4624, "AUDIT_SUCCESS").str("TargetUserName", user).str("TargetDomainName", domain)
                .str("TargetLogonId", id).str("LogonType", Integer.toString(type)).str("WorkstationName", sourceName)
                .str("IpAddress", sourceIp).end());
        return id;
    }

    /** 4634: the logon session ended (the system's record, after any 4647). */
    void logoff(Instant t, Workstation host, String user, String domain, String logonId, int type) {
        Instant at = ms(t);
        log.add(at, event(at, host, 4634, "AUDIT_SUCCESS").str("TargetUserName", user).str("TargetDomainName", domain)
                .str("TargetLogonId", logonId).str("LogonType", Integer.toString(type)).end());
    }

    /** 4647: the person chose "Sign out". */
    void userLogoff(Instant t, Workstation host, String user, String domain, String logonId) {
        Instant at = ms(t);
        log.add(at, event(at, host, 4647, "AUDIT_SUCCESS").str("TargetUserName", user).str("TargetDomainName", domain)
                .str("TargetLogonId", logonId).end());
    }

    void locked(Instant t, Workstation host, String user, String domain, String logonId) {
        Instant at = ms(t);
        log.add(at, event(at, host, 4800, "AUDIT_SUCCESS").str("TargetUserName", user).str("TargetDomainName", domain)
                .str("TargetLogonId", logonId).str("SessionId", "1").end());
    }

    void unlocked(Instant t, Workstation host, String user, String domain, String logonId) {
        Instant at = ms(t);
        log.add(at, event(at, host, 4801, "AUDIT_SUCCESS").str("TargetUserName", user).str("TargetDomainName", domain)
                .str("TargetLogonId", logonId).str("SessionId", "1").end());
    }

    /** 4625: wrong password at the keyboard. */
    void failed(Instant t, Workstation host, String user, String domain) {
        Instant at = ms(t);
        log.add(at, event(at, host, 4625, "AUDIT_FAILURE").str("TargetUserName", user).str("TargetDomainName", domain)
                .str("LogonType", "2").str("Status", "0xc000006d").str("SubStatus", "0xc000006a")
                .str("WorkstationName", host.name()).str("IpAddress", "127.0.0.1").end());
    }

    /** 4723: the person changed their own password (logged on the domain controller). */
    void passwordChanged(Instant t, Workstation dc, String user, String domain) {
        Instant at = ms(t);
        log.add(at, event(at, dc, 4723, "AUDIT_SUCCESS").str("TargetUserName", user).str("TargetDomainName", domain)
                .str("SubjectUserName", user).str("SubjectDomainName", domain).end());
    }

    /** Adds the sub-second part Winlogbeat reports; events a second or more apart keep their order. */
    private Instant ms(Instant t) {
        return t.plusMillis(rnd.nextInt(1000));
    }

    private static Json event(Instant t, Workstation host, int id, String type) {
        return Json.object().str("@timestamp", SchoolClock.utcMillis(t)).str("EventTime", SchoolClock.windowsLocal(t))
                .str("Hostname", host.hostname()).str("Channel", "Security").num("EventID", id)
                .str("SourceName", "Microsoft-Windows-Security-Auditing").str("EventType", type);
    }
}
