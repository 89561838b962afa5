package uk.schoolaccess.auditor.ingest.store;

/** A record sent to quarantine, as shown to the user: its line and the reason, not its text. */
public record Quarantined(long line, String reason) {
}
