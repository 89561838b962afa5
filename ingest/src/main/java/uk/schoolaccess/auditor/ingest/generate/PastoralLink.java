package uk.schoolaccess.auditor.ingest.generate;

/** A pastoral responsibility: exactly one of yearGroup, form or pupilId is set. */
record PastoralLink(String staffId, String kind, Integer yearGroup, String form, String pupilId) {
}
