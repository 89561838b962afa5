package uk.schoolaccess.auditor.analytics.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.schoolaccess.auditor.analytics.audit.AuditContext;
import uk.schoolaccess.auditor.analytics.audit.AuditPeriod;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.analytics.engine.Sql;

/**
 * CRED-1: one account at work in places that cannot both be its owner. Every rule needs evidence
 * that a second person was at work, not just a second session left open, and each finding lists
 * the evidence that made it (facts.evidence):
 * <ul>
 * <li>remote MIS work: MIS or safeguarding work from a workstation that never appears in the
 * school's Windows logs, while the person is logged on at a school computer
 * ({@link RemoteMisWork}, shared_credentials_remote_mis.sql);</li>
 * <li>off-site: an off-site sign-in session (several sign-ins, or one to the MIS or safeguarding
 * system; from outside networks.school and not placed near the school) while the person works in
 * the MIS at a school computer (shared_credentials.sql); a session made only from a phone or
 * tablet that never opened the MIS is the owner's own phone and is left out;</li>
 * <li>two computers: interactive Windows sessions on two computers at once, both showing signs of
 * life, with the MIS use switching back and forth or the second computer's regular user absent
 * ({@link TwoComputers}, shared_credentials_two_computers.sql);</li>
 * <li>impossible travel: consecutive successful sign-ins further apart than min_km at a speed
 * above min_kmh (shared_credentials_travel.sql), placed by coordinates, else city, else country
 * from a small gazetteer shipped as detectors/shared_credentials_places.csv; a phone on mobile
 * data within one country is too uncertainly placed to count;</li>
 * <li>spread: far more sign-in addresses in a day than the owner and their peers ({@link SignInSpread}).</li>
 * </ul>
 * Rule-based (except spread), so the score is fixed per rule: remote MIS work 9 (8 without an
 * off-site sign-in to match), two computers 9 (8 without switching), off-site 8, impossible travel 7.
 */
public final class SharedCredentialsDetector implements Detector {

    public static final String ID = "shared_credentials";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private static final DetectorInfo INFO = new DetectorInfo(ID, "One account in two places at once", List.of("CRED-1"),
            "high: the second place used the MIS or a safeguarding system (always so for remote MIS work); "
                    + "otherwise medium",
            List.of(new DetectorInfo.Threshold("min_km", 500, "impossible travel: least distance between two "
                            + "consecutive sign-ins"),
                    new DetectorInfo.Threshold("min_kmh", 800, "impossible travel: least implied speed (faster than an "
                            + "airliner)"),
                    new DetectorInfo.Threshold("min_offsite_sign_ins", 2, "off-site: sign-ins from outside the school "
                            + "network in one session that count as activity there"),
                    new DetectorInfo.Threshold("activity_slack_minutes", 15, "off-site: how far outside the span of "
                            + "MIS use at the school computer an off-site session still overlaps it"),
                    new DetectorInfo.Threshold("near_school_km", 15, "off-site: sessions placed this close to the "
                            + "school are left out (the owner on mobile data)"),
                    new DetectorInfo.Threshold("min_switches", 3, "two computers: least number of times MIS use "
                            + "switched between the two computers, when the second computer's regular user was in"),
                    new DetectorInfo.Threshold("spread_min_ips", 8, "spread: fewest distinct addresses signed in "
                            + "from in a day worth reporting"),
                    new DetectorInfo.Threshold("spread_fdr", 0.001, "spread: false-discovery rate across all "
                            + "staff-days (Benjamini-Hochberg)"),
                    LearningPeriod.threshold(4)),
            List.of("a laptop and a phone signed in together on the school network",
                    "a phone moving from home broadband to mobile data in the same town",
                    "the owner's own phone on mobile data (Outlook, Teams) placed in a far city by its carrier while they "
                            + "work at a school PC",
                    "the IT technician logged on to a spare PC (no MIS use there) while their desk PC stayed logged on",
                    "a teacher moving to another room, leaving the first PC locked (or logged on and unused)",
                    "shared computers (staffroom, office) used by several staff",
                    "evening work from home after the school day"));

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(AuditContext context) {
        places(context);
        People people = People.of(context);
        double[] school = context.settings().networks().school().isEmpty() ? null : schoolLocation(context);
        List<Finding> remote = RemoteMisWork.findings(context, people, INFO, school);
        List<Finding> out = new ArrayList<>(remote);
        // The same remote work often shows in both logs: the MIS audit's finding says more.
        offSite(context, people, school).stream().filter(f -> remote.stream().noneMatch(x -> x.staffId().equals(f.staffId())
                && !x.firstSeen().isAfter(f.lastSeen()) && !x.lastSeen().isBefore(f.firstSeen()))).forEach(out::add);
        out.addAll(TwoComputers.findings(context, people, INFO));
        out.addAll(travel(context, people));
        out.addAll(SignInSpread.findings(context, people, INFO));
        return out;
    }

    private List<Finding> offSite(AuditContext context, People people, double[] school) {
        if (context.settings().networks().school().isEmpty()) {
            return List.of(); // off-site cannot be told without the school's network
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("min_offsite_sign_ins", num(context.threshold(INFO, "min_offsite_sign_ins")));
        params.put("slack_seconds", num(context.threshold(INFO, "activity_slack_minutes") * 60));
        params.put("school_located", school == null ? "false" : "true");
        params.put("school_lat", num(school == null ? 0 : school[0]));
        params.put("school_lon", num(school == null ? 0 : school[1]));
        double near = context.threshold(INFO, "near_school_km");
        Map<String, List<Row>> bySession = new LinkedHashMap<>();
        for (Row r : context.query(ID, params)) {
            double km = r.decimal("km_from_school");
            if (!Double.isNaN(km) && km < near) {
                continue;
            }
            if (r.flag("mobile_only") && r.number("mis_sign_ins") == 0) {
                continue; // the owner's own phone reading mail on mobile data, wherever its carrier places it
            }
            bySession.computeIfAbsent(r.text("off_session"), k -> new ArrayList<>()).add(r);
        }
        long slack = (long) (context.threshold(INFO, "activity_slack_minutes") * 60);
        List<Finding> out = new ArrayList<>();
        for (List<Row> rows : bySession.values()) {
            Row r = rows.get(0);
            String staff = r.text("staff_id");
            Instant offStart = r.instant("off_start");
            Instant offEnd = r.instant("off_end");
            List<String> events = new ArrayList<>(offSiteEvents(context, r));
            List<Row> desk = context.engine().query("SELECT event_id, ts FROM record_access WHERE staff_id = "
                    + Sql.text(staff) + " AND lower(split_part(workstation, '.', 1)) = " + Sql.text(r.text("host"))
                    + " AND unix_timestamp(ts) BETWEEN " + (offStart.getEpochSecond() - slack) + " AND "
                    + (offEnd.getEpochSecond() + slack)
                    // the same rows: a second wider on either side, on ts itself, so the store reads only those days
                    + " AND ts >= " + AuditPeriod.sql(Instant.ofEpochSecond(offStart.getEpochSecond() - slack - 1))
                    + " AND ts <= " + AuditPeriod.sql(Instant.ofEpochSecond(offEnd.getEpochSecond() + slack + 1))
                    + " ORDER BY ts, event_id");
            events.add(r.text("desk_event_id"));
            desk.forEach(d -> events.add(d.text("event_id")));
            Instant first = min(offStart, desk.isEmpty() ? offStart : desk.get(0).instant("ts"));
            Instant last = max(offEnd, desk.isEmpty() ? offEnd : desk.get(desk.size() - 1).instant("ts"));
            String place = place(r.text("city"), r.text("country"));
            boolean mis = r.number("mis_sign_ins") > 0;
            String summary = String.format(Locale.UK, "%s's account signed in %d times from %s%s (outside the school "
                            + "network) between %s and %s UTC, while %s was logged on to %s at school and using the MIS "
                            + "there (%d record(s) opened between %s and %s UTC)%s. One person cannot be in both places.",
                    people.label(staff), r.number("sign_ins"), r.text("off_ip"), place.isEmpty() ? "" : " (" + place + ")",
                    WHEN.format(offStart), HM.format(offEnd), people.label(staff), hostName(r.text("host")), desk.size(),
                    desk.isEmpty() ? "-" : HM.format(desk.get(0).instant("ts")),
                    desk.isEmpty() ? "-" : HM.format(desk.get(desk.size() - 1).instant("ts")),
                    mis ? "; the off-site session opened the MIS or a safeguarding system" : "");
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("rule", "off-site session while using the MIS at a school computer");
            List<String> evidence = new ArrayList<>();
            evidence.add(r.number("sign_ins") + " sign-in(s) from " + r.text("off_ip") + (place.isEmpty() ? "" : " (" + place
                    + ")") + ", outside the school network, from a computer rather than a phone");
            evidence.add(desk.size() + " MIS record(s) opened at school computer " + hostName(r.text("host"))
                    + " at the same time");
            if (mis) {
                evidence.add("the off-site session opened the MIS or a safeguarding system");
            }
            facts.put("evidence", evidence);
            facts.put("off_site_ip", r.text("off_ip"));
            facts.put("off_site_place", place);
            facts.put("km_from_school", Double.isNaN(r.decimal("km_from_school")) ? null : r.decimal("km_from_school"));
            facts.put("school_computer", r.text("host"));
            facts.put("off_site_sign_ins", r.number("sign_ins"));
            facts.put("off_site_mis_sign_ins", r.number("mis_sign_ins"));
            out.add(new Finding(FindingIds.of(ID, "offsite", r.text("off_session")), ID, staff, r.text("off_account"),
                    "account " + r.text("off_account"), first, last, mis ? Severity.HIGH : Severity.MEDIUM, 8, "CRED-1",
                    summary, new Evidence(events, null, facts)));
        }
        return out;
    }

    private List<String> offSiteEvents(AuditContext context, Row r) {
        String session = r.text("off_session");
        if (session.startsWith("entra:")) {
            return context.engine().query("SELECT event_id FROM signins WHERE source = 'entra' AND session_id = "
                    + Sql.text(session.substring("entra:".length())) + " ORDER BY ts, event_id").stream()
                    .map(e -> e.text("event_id")).toList();
        }
        return List.of(session);
    }

    private List<Finding> travel(AuditContext context, People people) {
        Map<String, String> params = Map.of("min_km", num(context.threshold(INFO, "min_km")),
                "min_kmh", num(context.threshold(INFO, "min_kmh")));
        Map<String, List<Row>> byAccountDay = new LinkedHashMap<>();
        for (Row r : context.query(ID + "_travel", params)) {
            byAccountDay.computeIfAbsent(r.text("account").toLowerCase(Locale.ROOT) + "|"
                    + LocalDate.ofInstant(r.instant("prev_ts"), ZoneOffset.UTC), k -> new ArrayList<>()).add(r);
        }
        List<String> misApps = new ArrayList<>(context.settings().apps().mis());
        misApps.addAll(context.settings().apps().safeguarding());
        List<Finding> out = new ArrayList<>();
        for (List<Row> steps : byAccountDay.values()) {
            Row r = steps.get(0);
            String staff = r.text("staff_id");
            List<String> events = new ArrayList<>();
            boolean mis = false;
            for (Row s : steps) {
                if (!events.contains(s.text("prev_event_id"))) {
                    events.add(s.text("prev_event_id"));
                }
                events.add(s.text("event_id"));
                mis |= misApps.contains(s.text("app")) || misApps.contains(s.text("prev_app"));
            }
            Row fastest = steps.stream().max((x, y) -> Double.compare(x.decimal("kmh"), y.decimal("kmh"))).orElseThrow();
            String summary = String.format(Locale.UK, "%s's account %s signed in from %s (%s) at %s UTC and then from "
                            + "%s (%s) at %s UTC: %.0f km in %.0f minutes, %.0f km/h, faster than any journey (limit %.0f "
                            + "km/h)%s.", people.label(staff), r.text("account"),
                    place(r.text("prev_city"), r.text("prev_country")), r.text("prev_ip"), WHEN.format(r.instant("prev_ts")),
                    place(r.text("city"), r.text("country")), r.text("ip"), HM.format(r.instant("ts")), r.decimal("km"),
                    r.decimal("hours") * 60, fastest.decimal("kmh"), context.threshold(INFO, "min_kmh"),
                    steps.size() > 1 ? String.format(Locale.UK, "; %d such jumps that day", steps.size()) : "");
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("rule", "impossible travel between consecutive successful sign-ins");
            facts.put("evidence", List.of("sign-ins " + Math.round(r.decimal("km")) + " km apart within "
                    + Math.round(r.decimal("hours") * 60) + " minutes, placed by their own coordinates, city or country "
                    + "(not a phone on mobile data within one country)"));
            facts.put("km", r.decimal("km"));
            facts.put("minutes", r.decimal("hours") * 60);
            facts.put("kmh", fastest.decimal("kmh"));
            facts.put("from", place(r.text("prev_city"), r.text("prev_country")));
            facts.put("to", place(r.text("city"), r.text("country")));
            facts.put("placed_by", "signins lat/lon, else city, else country centroid (shared_credentials_places.csv)");
            out.add(new Finding(FindingIds.of(ID, "travel", r.text("prev_event_id"), r.text("event_id")), ID, staff,
                    r.text("account"), "account " + r.text("account"), r.instant("prev_ts"),
                    steps.get(steps.size() - 1).instant("ts"), mis ? Severity.HIGH : Severity.MEDIUM, 7, "CRED-1",
                    summary, new Evidence(events, null, facts)));
        }
        return out;
    }

    /** Where the school is: the commonest place of sign-ins from its own network. */
    private static double[] schoolLocation(AuditContext context) {
        Map<String, String> p = context.standardParams();
        List<Row> rows = context.engine().query("SELECT coalesce(s.lat, c.lat, k.lat) AS lat, coalesce(s.lon, c.lon, k.lon) "
                + "AS lon, count(*) AS n FROM signins s JOIN school_addresses a ON a.ip = s.ip "
                + "LEFT JOIN places c ON c.country = upper(s.country) AND c.city = lower(s.city) "
                + "LEFT JOIN places k ON k.country = upper(s.country) AND k.city = '' "
                + "WHERE s.success AND s.ts >= " + p.get("history_from") + " AND s.ts < " + p.get("to")
                + " AND coalesce(s.lat, c.lat, k.lat) IS NOT NULL "
                + "GROUP BY coalesce(s.lat, c.lat, k.lat), coalesce(s.lon, c.lon, k.lon) ORDER BY n DESC, lat, lon LIMIT 1");
        return rows.isEmpty() ? null : new double[] {rows.get(0).decimal("lat"), rows.get(0).decimal("lon")};
    }

    /** The gazetteer as a temporary table: country code, lower-case city ('' for the country), lat, lon. */
    static void places(AuditContext context) {
        StringBuilder values = new StringBuilder();
        try (InputStream in = SharedCredentialsDetector.class.getResourceAsStream("/detectors/" + ID + "_places.csv")) {
            if (in == null) {
                throw new IllegalStateException("detectors/" + ID + "_places.csv is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                values.append(values.length() == 0 ? "" : ", ").append('(').append(Sql.text(f[0].toUpperCase(Locale.ROOT)))
                        .append(", ").append(Sql.text(f[1].toLowerCase(Locale.ROOT))).append(", ")
                        .append(Double.parseDouble(f[2])).append(", ").append(Double.parseDouble(f[3])).append(')');
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        context.engine().execute("CREATE OR REPLACE TEMP TABLE places AS SELECT * FROM (VALUES " + values
                + ") AS t(country, city, lat, lon)");
    }

    static String place(String city, String country) {
        if (city == null || city.isBlank()) {
            return country == null ? "" : country;
        }
        return country == null ? city : city + ", " + country;
    }

    private static String hostName(String host) {
        return host == null ? "?" : host.toUpperCase(Locale.ROOT);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String ts(Instant i) {
        return uk.schoolaccess.auditor.analytics.audit.AuditPeriod.sql(i);
    }

    private static Instant min(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
