package uk.schoolaccess.auditor.dashboard.web.pages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import uk.schoolaccess.auditor.dashboard.web.Db;

/**
 * Pupil ids and safeguarding incident ids taken out of text (a finding's summary, a triage note)
 * for roles that see no pupil-level data (head, IT). Ids come in no one format (SIMS admission
 * numbers, CPOMS incident numbers are plain digits), so they are not guessed from their shape:
 * the ids a finding's own evidence names, and any word of the text that is a pupil or incident
 * id in the store, become "[pupil]" and "[incident]".
 */
final class Redaction {

    static final String PUPIL = "[pupil]";
    static final String INCIDENT = "[incident]";
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/@-]{0,63}");
    private static final int MAX_EVENTS = 2000;

    private final Set<String> pupils = new LinkedHashSet<>();
    private final Set<String> incidents = new LinkedHashSet<>();
    private final Db db;

    private Redaction(Db db) {
        this.db = db;
    }

    /** The ids a finding's evidence names: its events' pupils and incidents, and those in its facts. */
    static Redaction forFinding(Db db, JsonNode evidence, List<String> eventIds) {
        Redaction r = new Redaction(db);
        JsonNode facts = evidence.path("facts");
        facts.path("pupils").forEach(p -> r.pupils.add(p.asText()));
        facts.path("incidents").forEach(i -> r.incidents.add(i.asText()));
        facts.path("curiosity_cluster").forEach(i -> r.incidents.add(i.asText()));
        List<String> ids = eventIds.size() > MAX_EVENTS ? eventIds.subList(0, MAX_EVENTS) : eventIds;
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String in = String.join(", ", chunk.stream().map(x -> "?").toList());
            for (Map<String, Object> row : db.rows("SELECT r.pupil_id, r.incident_id, i.pupil_id AS incident_pupil "
                    + "FROM record_access r LEFT JOIN incidents i ON i.incident_id = r.incident_id "
                    + "WHERE r.event_id IN (" + in + ")", chunk.toArray())) {
                add(r.pupils, row.get("pupil_id"));
                add(r.pupils, row.get("incident_pupil"));
                add(r.incidents, row.get("incident_id"));
            }
        }
        return r;
    }

    /** The text with every pupil and incident id replaced. */
    String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Set<String> words = new LinkedHashSet<>();
        Matcher m = WORD.matcher(text);
        while (m.find() && words.size() < 500) {
            words.add(m.group());
            // "P00012," and "104136." end in punctuation the id does not have
            words.add(m.group().replaceAll("[._/@-]+$", ""));
        }
        words.remove("");
        Set<String> pupilIds = new LinkedHashSet<>(pupils);
        Set<String> incidentIds = new LinkedHashSet<>(incidents);
        if (!words.isEmpty()) {
            String in = String.join(", ", words.stream().map(x -> "?").toList());
            List<Object> twice = new ArrayList<>(words);
            twice.addAll(words);
            db.rows("SELECT pupil_id AS id FROM pupils WHERE pupil_id IN (" + in + ") UNION "
                    + "SELECT pupil_id FROM incidents WHERE pupil_id IN (" + in + ")", twice.toArray())
                    .forEach(r -> add(pupilIds, r.get("id")));
            db.rows("SELECT incident_id AS id FROM incidents WHERE incident_id IN (" + in + ")", words.toArray())
                    .forEach(r -> add(incidentIds, r.get("id")));
        }
        String out = text;
        out = replace(out, incidentIds, INCIDENT);
        out = replace(out, pupilIds, PUPIL);
        return out;
    }

    private static String replace(String text, Set<String> ids, String with) {
        List<String> longestFirst = ids.stream().filter(i -> !i.isBlank())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        String out = text;
        for (String id : longestFirst) {
            out = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(id) + "(?![A-Za-z0-9])").matcher(out)
                    .replaceAll(Matcher.quoteReplacement(with));
        }
        return out;
    }

    private static void add(Set<String> to, Object id) {
        if (id != null && !String.valueOf(id).isBlank()) {
            to.add(String.valueOf(id));
        }
    }
}
