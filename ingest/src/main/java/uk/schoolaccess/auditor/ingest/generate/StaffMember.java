package uk.schoolaccess.auditor.ingest.generate;

import java.time.LocalDate;
import java.util.List;

/**
 * One adult with access to school systems, their logins in each system and the few facts about
 * them the simulated week needs (their usual desk computer, home town and home broadband).
 */
record StaffMember(String id, String forename, String surname, List<String> roles, LocalDate startDate,
                   LocalDate leaveDate, Logins logins, Workstation desk, Place home, String homeIp,
                   String entraUserId, String laptopDeviceId, String subject) {

    /** The login names one person uses; google is null for staff without a Google account. */
    record Logins(String email, String google, String windowsUser, String sims, String cpoms) {
    }

    static final String DOMAIN = "NORTHFIELD";

    String displayName() {
        return forename + " " + surname;
    }

    boolean has(String role) {
        return roles.contains(role);
    }

    boolean teaches() {
        return has("teacher") && !has("supply");
    }

    /** SLT, office and welfare staff must change their MIS password each term (CRED-3). */
    boolean privileged() {
        return has("slt") || has("office") || has("welfare");
    }

    boolean safeguardingLead() {
        return has("dsl") || has("deputy_dsl");
    }

    boolean worksOn(LocalDate date) {
        return !date.isBefore(startDate) && (leaveDate == null || !date.isAfter(leaveDate));
    }

    String windowsAccount() {
        return DOMAIN + "\\" + logins.windowsUser();
    }

    String laptopName() {
        return "NFS-LT-" + id.substring(1);
    }

    /** The roster's accounts column, always in the same system order. */
    String accountsColumn() {
        StringBuilder sb = new StringBuilder();
        sb.append("entra:").append(logins.email());
        if (logins.google() != null) sb.append(";google:").append(logins.google());
        sb.append(";windows:").append(windowsAccount());
        sb.append(";sims:").append(logins.sims());
        sb.append(";cpoms:").append(logins.cpoms());
        return sb.toString();
    }
}
