package uk.schoolaccess.auditor.ingest.rows;

import java.time.Instant;

/** A sign-in to a cloud identity provider or an application: table signins. */
public record SigninRow(String source, Instant ts, String account, String app, String ip,
                        String country, String city, Double lat, Double lon, String deviceId,
                        String deviceName, String clientApp, String authRequirement, String mfaResult,
                        Boolean success, String errorCode, String sessionId, String userAgent,
                        Boolean deviceCompliant, Boolean deviceManaged) {
}
