package uk.schoolaccess.auditor.ingest.google;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of Google's login audit as both shapes carry it: who, when, from where, which event,
 * and its parameters keyed by name ({@code login_type}, {@code login_challenge_method}, ...),
 * whatever the parameter's value type was in the export.
 */
record GoogleLoginEvent(Instant ts, String account, String ip, String country, String name, ObjectNode params) {
}
