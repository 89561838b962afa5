package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Someone sitting down at a Windows PC, with the noise Windows really logs around it: the
 * Desktop Window Manager and font driver logons, a network logon to the file server for mapped
 * drives, and on unlock a short type 7 logon.
 */
final class Desk {
    /** An interactive Windows session and the system logons that came with it. */
    record Session(Workstation host, String user, String domain, String logonId, String dwmUser, String dwmId,
                   String umfdUser, String umfdId, Instant start) {
        String account() {
            return domain + "\\" + user;
        }
    }

    private final WindowsSecurity windows;
    private final SplittableRandom rnd;
    private final Workstation fileServer;

    Desk(WindowsSecurity windows, SplittableRandom rnd, Workstation fileServer) {
        this.windows = windows;
        this.rnd = rnd;
        this.fileServer = fileServer;
    }

    Session logOn(Instant t, Workstation host, String user, String domain) {
        int n = 1 + rnd.nextInt(3);
        String dwmUser = "DWM-" + n;
        String umfdUser = "UMFD-" + n;
        String umfdId = windows.logon(t.minusSeconds(3), host, umfdUser, "Font Driver Host", 2, "-", "-");
        String dwmId = windows.logon(t.minusSeconds(2), host, dwmUser, "Window Manager", 2, "-", "-");
        String id = windows.logon(t, host, user, domain, 2, "127.0.0.1", host.name());
        String share = windows.logon(t.plusSeconds(4), fileServer, user, domain, 3, host.ip(), host.name());
        windows.logoff(t.plusSeconds(4 + 30 + rnd.nextInt(600)), fileServer, user, domain, share, 3);
        return new Session(host, user, domain, id, dwmUser, dwmId, umfdUser, umfdId, t);
    }

    void lock(Instant t, Session s) {
        windows.locked(t, s.host(), s.user(), s.domain(), s.logonId());
    }

    /** Unlocking logs 4801 and a brief type 7 logon that ends a moment later. */
    void unlock(Instant t, Session s) {
        String check = windows.logon(t, s.host(), s.user(), s.domain(), 7, "127.0.0.1", s.host().name());
        windows.unlocked(t.plusSeconds(1), s.host(), s.user(), s.domain(), s.logonId());
        windows.logoff(t.plusSeconds(2), s.host(), s.user(), s.domain(), check, 7);
    }

    void logOff(Instant t, Session s) {
        windows.userLogoff(t, s.host(), s.user(), s.domain(), s.logonId());
        windows.logoff(t.plusSeconds(1), s.host(), s.user(), s.domain(), s.logonId(), 2);
        windows.logoff(t.plusSeconds(2), s.host(), s.dwmUser(), "Window Manager", s.dwmId(), 2);
        windows.logoff(t.plusSeconds(2), s.host(), s.umfdUser(), "Font Driver Host", s.umfdId(), 2);
    }
}
