package uk.schoolaccess.auditor.ingest.windows;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.rows.LogonEventRow;

/**
 * What a Windows Security event means to the auditor, whichever export carried it (FORMATS §3).
 * Both Windows readers hand every record here, so an event reads the same from Winlogbeat NDJSON
 * and from a Sentinel CSV: which event ids are kept, who the account is, how logon ids are
 * written so a logoff finds its logon, and which accounts are not a person at a keyboard.
 */
final class SecurityEvents {

    static final String SOURCE = "windows";

    /** One record's event fields by name: null when absent, empty or "-" (Windows' "no value"). */
    @FunctionalInterface
    interface EventFields {
        String get(String name);
    }

    private static final Map<Integer, String> KINDS = Map.of(
            4624, "logon",
            4625, "failed",
            4634, "logoff",
            4647, "logoff",
            4800, "lock",
            4801, "unlock",
            4778, "reconnect",
            4779, "disconnect",
            4723, "password_change",
            4724, "password_change");

    /** Built-in identities Windows logs on for itself; never a member of staff. */
    private static final Set<String> SERVICE_IDENTITIES =
            Set.of("SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "ANONYMOUS LOGON");

    /** Network (a file share, a domain controller check) and service logons put nobody at a keyboard. */
    private static final Set<Integer> UNATTENDED_LOGON_TYPES = Set.of(3, 5);

    private static final Pattern HEX_LOGON_ID = Pattern.compile("0[xX]([0-9a-fA-F]+)");

    private SecurityEvents() {
    }

    /**
     * Sends one record on: a logon event when it is a kept Security event, ignored otherwise.
     *
     * @param channel the event log the record came from; null when the export holds only the
     *                Security log (Sentinel's SecurityEvent table)
     * @throws RowRejected when a kept event lacks what the auditor needs
     */
    static void send(EventFields f, Instant ts, String channel, Origin origin, RowSink sink) {
        int eventId = eventId(f.get("EventID"));
        String kind = KINDS.get(eventId);
        // Sysmon and PowerShell reuse small numbers, so an id means nothing outside the Security log
        if (kind == null || (channel != null && !channel.equalsIgnoreCase("Security"))) {
            sink.ignored(origin);
            return;
        }
        sink.logonEvent(origin, row(kind, ts, f));
    }

    static LogonEventRow row(String kind, Instant ts, EventFields f) {
        String computer = first(f, "Computer", "Hostname");
        if (computer == null) {
            throw new RowRejected("missing computer name in 'Hostname' / 'Computer'");
        }
        // 4778/4779 name the session's account AccountName / AccountDomain / LogonID
        String user = first(f, "TargetUserName", "AccountName");
        if (user == null) {
            throw new RowRejected("missing account in 'TargetUserName'");
        }
        String domain = first(f, "TargetDomainName", "AccountDomain");
        String rawId = first(f, "TargetLogonId", "LogonID");
        Integer logonType = logonType(f.get("LogonType"));
        return new LogonEventRow(SOURCE, ts, account(user, domain), computer, logonId(rawId), kind, logonType,
                ip(first(f, "IpAddress", "ClientAddress")), null, interactive(user, logonType), null);
    }

    static int eventId(String raw) {
        if (raw == null) {
            throw new RowRejected("missing 'EventID'");
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new RowRejected("not a whole number in 'EventID' " + CellShape.found(raw));
        }
    }

    /**
     * The account as the roster lists Windows logins: the domain, a backslash, the user. A name
     * already qualified (a UPN typed at a failed logon) stays as written.
     */
    static String account(String user, String domain) {
        if (domain == null || user.indexOf('\\') >= 0 || user.indexOf('@') >= 0) {
            return user;
        }
        return domain + "\\" + user;
    }

    /**
     * Lower-case hex without leading zeros: collectors print the same id as {@code 0x72029C6} or
     * {@code 0x072029c6}, and a logoff must pair with its logon by (computer, logon id).
     */
    static String logonId(String raw) {
        if (raw == null) {
            return null;
        }
        var m = HEX_LOGON_ID.matcher(raw.strip());
        if (!m.matches()) {
            throw new RowRejected("not a hex logon id in 'TargetLogonId' " + CellShape.found(raw));
        }
        String digits = m.group(1);
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++; // leading zeros go, but never the last digit
        }
        digits = digits.substring(lead);
        return "0x" + digits.toLowerCase(Locale.ROOT);
    }

    /**
     * The client address, or null. Loopback ({@code ::1}, {@code 127.0.0.1}) only says the logon
     * was made at the computer itself, which the workstation already tells; kept, it would look
     * like an address outside the school's networks.
     */
    static String ip(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip();
        if (v.startsWith("::ffff:")) {
            v = v.substring("::ffff:".length()); // an IPv4 client seen through an IPv6 socket
        }
        return v.equals("::1") || v.startsWith("127.") ? null : v;
    }

    static Integer logonType(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            throw new RowRejected("not a whole number in 'LogonType' " + CellShape.found(raw));
        }
    }

    /**
     * False for identities that are not a person at a keyboard. Logoff, lock and password events
     * carry no logon type (4647, 4800) or repeat the logon's, so the account name decides there.
     */
    static boolean interactive(String user, Integer logonType) {
        if (logonType != null && UNATTENDED_LOGON_TYPES.contains(logonType)) {
            return false;
        }
        String name = user.substring(user.lastIndexOf('\\') + 1).strip().toUpperCase(Locale.ROOT);
        return !(name.endsWith("$") || SERVICE_IDENTITIES.contains(name) || name.startsWith("DWM-")
                || name.startsWith("UMFD-"));
    }

    private static String first(EventFields f, String name, String fallback) {
        String v = f.get(name);
        return v != null ? v : f.get(fallback);
    }

    /** The common reading of one exported value: trimmed, with "" and "-" meaning no value. */
    static String value(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip();
        return v.isEmpty() || v.equals("-") ? null : v;
    }
}
