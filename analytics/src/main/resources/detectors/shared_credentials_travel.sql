-- CRED-1 (c): consecutive successful sign-ins of one account further apart than anyone could
-- travel in the time between them. Places: the sign-in's coordinates, else its city, else its
-- country (places); sign-ins that cannot be placed are skipped. A phone on mobile data is placed
-- wherever its carrier's gateway is, often a city far away in the same country: a jump within
-- one country with a phone or tablet (user agent) on either side is too uncertain to report.
WITH located AS (
    SELECT s.event_id, s.ts, s.account, lower(s.account) AS who, s.staff_id, s.app, s.ip, s.city, s.country,
           coalesce(s.lat, c.lat, k.lat) AS lat, coalesce(s.lon, c.lon, k.lon) AS lon,
           (lower(coalesce(s.user_agent, '')) LIKE '%iphone%' OR lower(coalesce(s.user_agent, '')) LIKE '%ipad%'
            OR lower(coalesce(s.user_agent, '')) LIKE '%android%' OR lower(coalesce(s.user_agent, '')) LIKE '%mobile%')
               AS mobile
    FROM signins s
    LEFT JOIN places c ON c.country = upper(s.country) AND c.city = lower(s.city)
    LEFT JOIN places k ON k.country = upper(s.country) AND k.city = ''
    -- Staff only: the policy binds staff, and a pupil's login must never reach a finding.
    WHERE s.success AND s.account IS NOT NULL AND s.staff_id IS NOT NULL
      AND s.ts >= ${history_from} AND s.ts < ${to}
),
steps AS (
    SELECT event_id, ts, account, who, staff_id, app, ip, city, country, lat, lon, mobile,
           lag(mobile) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_mobile,
           lag(event_id) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_event_id,
           lag(ts) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_ts,
           lag(app) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_app,
           lag(ip) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_ip,
           lag(city) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_city,
           lag(country) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_country,
           lag(lat) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_lat,
           lag(lon) OVER (PARTITION BY who ORDER BY ts, event_id) AS prev_lon
    FROM located WHERE lat IS NOT NULL AND lon IS NOT NULL
),
measured AS (
    SELECT steps.*,
           2 * 6371 * asin(sqrt(power(sin(radians(lat - prev_lat) / 2), 2)
               + cos(radians(prev_lat)) * cos(radians(lat)) * power(sin(radians(lon - prev_lon) / 2), 2))) AS km,
           (unix_timestamp(ts) - unix_timestamp(prev_ts)) / 3600.0 AS hours
    FROM steps WHERE prev_ts IS NOT NULL AND ts >= ${from}
      AND NOT ((mobile OR prev_mobile) AND upper(coalesce(country, '')) = upper(coalesce(prev_country, '')))
)
SELECT event_id, ts, account, staff_id, app, ip, city, country, prev_event_id, prev_ts, prev_app, prev_ip, prev_city,
       prev_country, km, hours,
       -- a minute's floor on the time keeps two sign-ins in the same second from dividing by zero
       km / greatest(hours, 1.0 / 60) AS kmh
FROM measured
WHERE km > ${min_km} AND km / greatest(hours, 1.0 / 60) > ${min_kmh}
ORDER BY who, ts, event_id
