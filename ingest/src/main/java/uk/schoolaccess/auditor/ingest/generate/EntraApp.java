package uk.schoolaccess.auditor.ingest.generate;

/**
 * Applications staff sign in to through Entra. Microsoft's first-party ids are the public ones;
 * the MIS and safeguarding apps are registered per tenant, so their ids here are invented.
 */
enum EntraApp {
    OFFICE_HOME("OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
    EXCHANGE("Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"),
    TEAMS("Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams Services", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"),
    SIMS_ID("SIMS ID", "5c1d7f3a-2b8e-4e61-9f0a-7d3c2a1b9e84", "SIMS ID", "5c1d7f3a-2b8e-4e61-9f0a-7d3c2a1b9e84"),
    CPOMS("CPOMS StaffSafe", "a83f6c21-94d2-4b7e-8c15-2e6f0d9b3a57", "CPOMS StaffSafe", "a83f6c21-94d2-4b7e-8c15-2e6f0d9b3a57"),
    ARBOR("Arbor Education", "d27b9e40-6a1c-4f38-b5e2-0c8a7f4d1e96", "Arbor Education", "d27b9e40-6a1c-4f38-b5e2-0c8a7f4d1e96");

    final String displayName;
    final String appId;
    final String resource;
    final String resourceId;

    EntraApp(String displayName, String appId, String resource, String resourceId) {
        this.displayName = displayName;
        this.appId = appId;
        this.resource = resource;
        this.resourceId = resourceId;
    }

    /** The MIS and safeguarding apps that the school's policy says need MFA and an approved device. */
    boolean sensitive() {
        return this == SIMS_ID || this == CPOMS || this == ARBOR;
    }
}
