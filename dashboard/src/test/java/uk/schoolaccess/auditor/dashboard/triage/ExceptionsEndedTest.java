package uk.schoolaccess.auditor.dashboard.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * An exception ended early ("End now") hides only what an audit had found before it was ended:
 * audits read past exports, so a finding an audit raises afterwards may be about events from
 * before the end, and the DPO who ended the exception must see it (the tester's Wednesday
 * missing-logout finding of 28 October, found after exception 1 was ended).
 */
class ExceptionsEndedTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final LocalDateTime MADE = LocalDateTime.of(2026, 12, 7, 9, 0);
    private static final LocalDateTime ENDED = LocalDateTime.of(2026, 12, 7, 9, 5);

    /** S0031's missing-logout findings on Wednesdays, made from a finding and ended five minutes later. */
    private static Exceptions endedException() {
        return Exceptions.preview(null, LONDON, new Exceptions.One(1, "S0031", "missing_logout", 3, null, null,
                "F1", "sessions left open on Wednesdays are the cover supervisor's", "dpo", MADE,
                LocalDate.of(2027, 3, 7), ENDED, "dpo"));
    }

    /** An open finding of S0031 with events on Wednesday 28 October 2026, first saved by an audit at foundAt. */
    private static Map<String, Object> finding(String id, LocalDateTime foundAt) {
        Map<String, Object> f = new HashMap<>();
        f.put("finding_id", id);
        f.put("detector", "missing_logout");
        f.put("staff_id", "S0031");
        f.put("status", "open");
        f.put("summary", "Session left open");
        f.put("first_seen", LocalDateTime.of(2026, 10, 28, 15, 30));
        f.put("found_at", foundAt);
        return f;
    }

    @Test
    void a_finding_an_audit_raises_after_the_exception_was_ended_is_shown_though_its_events_are_older() {
        assertNull(endedException().suppressing(finding("F2", ENDED.plusMinutes(10))));
    }

    @Test
    void what_it_hid_before_it_was_ended_stays_hidden() {
        assertEquals(1, endedException().suppressing(finding("F1", MADE.minusDays(1))).id());
    }

    @Test
    void a_finding_saved_before_found_at_was_kept_counts_as_found_when_first_seen() {
        assertEquals(1, endedException().suppressing(finding("F0", null)).id());
    }
}
