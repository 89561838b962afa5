package uk.schoolaccess.auditor.ingest.generate;

import java.util.List;

/** A member of staff whose own child attends the school (recorded so ACC-1 can be tested). */
record StaffFamily(String staffId, String familyKey, List<String> pupilIds) {
}
