package uk.schoolaccess.auditor.ingest.generate;

/**
 * A school Windows computer. Its event-log collector prints logon ids in one hex case, which
 * differs between computers, as in real exports.
 */
record Workstation(String name, String domainSuffix, String ip, String entraDeviceId, boolean upperCaseLogonIds) {

    String hostname() {
        return name + "." + domainSuffix;
    }

    String machineAccount() {
        return name + "$";
    }
}
