package uk.schoolaccess.auditor.ingest.generate;

/** The device part of an Entra sign-in: what Entra knows about the computer or phone. */
record Device(String deviceId, String operatingSystem, String browser, String clientApp, boolean compliant,
              boolean managed, String joinType, String userAgent) {
    private static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/127.0.0.0 Safari/537.36";
    private static final String TEAMS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36 Teams/24215.1007.3082.1590";
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Mobile/15E148";

    /** A classroom or office PC: domain joined, managed and compliant. */
    static Device schoolPc(Workstation w) {
        return new Device(w.entraDeviceId(), "Windows 10", "Edge 128.0.0", "Browser", true, true, "Hybrid Azure AD joined", EDGE);
    }

    static Device teamsOn(Workstation w) {
        return new Device(w.entraDeviceId(), "Windows 10", "", "Mobile Apps and Desktop clients", true, true,
                "Hybrid Azure AD joined", TEAMS);
    }

    /** The school laptop issued to teaching and senior staff. */
    static Device schoolLaptop(StaffMember s) {
        return new Device(s.laptopDeviceId(), "Windows 11", "Edge 128.0.0", "Browser", true, true, "Azure AD joined", EDGE);
    }

    /** A personal phone running Outlook or Teams: not enrolled, so neither managed nor compliant. */
    static Device personalPhone() {
        return new Device("", "Ios 17.6.1", "", "Mobile Apps and Desktop clients", false, false, "", IPHONE);
    }

    /** A family computer at home: unknown to Entra. */
    static Device homeComputer() {
        return new Device("", "Windows 10", "Chrome 127.0.0", "Browser", false, false, "", CHROME);
    }
}
