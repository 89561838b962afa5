package uk.schoolaccess.auditor.ingest.generate;

import java.util.List;

/** A class on the timetable: one subject, one teacher, its pupils (by id). */
record TeachingGroup(String id, String subject, String staffId, int yearGroup, List<String> pupilIds) {
}
