package uk.schoolaccess.auditor.dashboard.web.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import uk.schoolaccess.auditor.dashboard.web.Db;

/** A finding's evidence as a person reads it: its events in time order, and its baseline drawn. */
final class Evidence {

    private Evidence() {
    }

    /** The events behind a finding from all three event tables, oldest first; pupil columns only if allowed. */
    static List<Map<String, Object>> timeline(Db db, List<String> ids, boolean pupilData) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> shown = ids.size() > 500 ? ids.subList(0, 500) : ids;
        String in = String.join(", ", shown.stream().map(i -> "?").toList());
        List<Object> params = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            params.addAll(shown);
        }
        List<Map<String, Object>> rows = db.rows("SELECT ts, source, 'access' AS what, action AS kind, area, pupil_id, "
                + "incident_id, workstation AS place, event_id, b.path, r.line_no FROM record_access r "
                + "LEFT JOIN ingest_batches b ON b.batch_id = r.batch_id WHERE event_id IN (" + in + ") "
                + "UNION ALL SELECT ts, source, 'logon', kind, NULL, NULL, NULL, coalesce(workstation, ip), event_id, b.path, "
                + "l.line_no FROM logon_events l LEFT JOIN ingest_batches b ON b.batch_id = l.batch_id "
                + "WHERE event_id IN (" + in + ") "
                + "UNION ALL SELECT ts, source, 'sign-in', coalesce(app, '') || CASE WHEN success THEN '' ELSE ' (failed)' END, "
                + "auth_requirement, NULL, NULL, coalesce(city, '') || ' ' || coalesce(ip, ''), event_id, b.path, s.line_no "
                + "FROM signins s LEFT JOIN ingest_batches b ON b.batch_id = s.batch_id WHERE event_id IN (" + in + ") "
                + "ORDER BY ts, event_id", params.toArray());
        if (!pupilData) {
            rows.forEach(r -> {
                r.put("pupil_id", null);
                r.put("incident_id", null);
            });
        }
        return rows;
    }

    /** Three bars: this person's usual, their peers' usual, and what was seen. */
    static String baselineChart(JsonNode baseline) {
        JsonNode d = baseline.path("details");
        if (!d.has("own_mean") && !d.has("peer_mean")) {
            return null;
        }
        List<Svg.Bar> bars = List.of(
                new Svg.Bar("their usual", List.of(d.path("own_mean").asDouble())),
                new Svg.Bar("peers' usual", List.of(d.path("peer_mean").asDouble())),
                new Svg.Bar("this time", List.of(baseline.path("value").asDouble())));
        return Svg.stackedBars(bars, List.of(baseline.path("peer_group").asText("peers")),
                "This person against their own history and their peers");
    }
}
