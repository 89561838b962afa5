package uk.schoolaccess.auditor.dashboard.digest;

import java.util.List;

/**
 * One rendered digest. {@code empty} means there is nothing to tell (the daily digest with no new
 * findings), and nothing is sent. {@code findingIds} are the findings it reports, recorded once sent.
 */
public record Digest(String kind, String period, List<String> to, String subject, String text, String html,
                     List<String> findingIds, boolean empty) {
}
