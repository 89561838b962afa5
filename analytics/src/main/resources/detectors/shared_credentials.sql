-- CRED-1 (a): an off-site sign-in session with activity (several sign-ins from outside the
-- school network) overlapping the same person's work at a school computer (a Windows session
-- with MIS use). The off-site place comes from the session's first sign-in: its coordinates,
-- else its city, else its country (places); sessions placed near the school are left out, as
-- the owner may simply be on mobile data. A session whose sign-ins all came from a phone or tablet
-- (its user agent names a mobile OS) and never opened the MIS or a safeguarding app is the
-- owner's own phone: the detector leaves it out and says so in its documentation.
WITH devices AS (
    SELECT 'entra:' || session_id AS session_id, count(*) AS n,
           sum(CASE WHEN lower(coalesce(user_agent, '')) LIKE '%iphone%' OR lower(coalesce(user_agent, '')) LIKE '%ipad%'
                         OR lower(coalesce(user_agent, '')) LIKE '%android%'
                         OR lower(coalesce(user_agent, '')) LIKE '%mobile%' THEN 1 ELSE 0 END) AS mobile
    FROM signins
    WHERE source = 'entra' AND success AND session_id IS NOT NULL AND session_id <> ''
      AND ts >= ${history_from} AND ts < ${to}
    GROUP BY session_id
),
off AS (
    SELECT o.session_id, o.source, o.staff_id, o.account, o.ip, o.started_at, o.ended_at, o.sign_ins,
           o.offsite_sign_ins, o.mis_sign_ins, s.city, s.country, coalesce(d.n = d.mobile, false) AS mobile_only,
           coalesce(s.lat, c.lat, k.lat) AS lat, coalesce(s.lon, c.lon, k.lon) AS lon
    FROM sessions o
    JOIN signins s ON s.event_id = o.start_event_id
    LEFT JOIN places c ON c.country = upper(s.country) AND c.city = lower(s.city)
    LEFT JOIN places k ON k.country = upper(s.country) AND k.city = ''
    LEFT JOIN devices d ON d.session_id = o.session_id
    WHERE o.source IN ('entra', 'google') AND o.staff_id IS NOT NULL
      AND o.offsite_sign_ins >= 1 AND (o.offsite_sign_ins >= ${min_offsite_sign_ins} OR o.mis_sign_ins > 0)
      AND o.started_at >= ${from} AND o.started_at < ${to}
)
SELECT o.session_id AS off_session, o.source AS off_source, o.staff_id, o.account AS off_account, o.ip AS off_ip,
       o.started_at AS off_start, o.ended_at AS off_end, o.sign_ins, o.mis_sign_ins, o.city, o.country, o.mobile_only,
       w.session_id AS desk_session, w.account AS desk_account, w.host, w.started_at AS desk_start,
       w.first_activity, w.last_activity, w.start_event_id AS desk_event_id,
       CASE WHEN o.lat IS NULL OR NOT ${school_located} THEN NULL
            ELSE 2 * 6371 * asin(sqrt(power(sin(radians(o.lat - ${school_lat}) / 2), 2)
                 + cos(radians(${school_lat})) * cos(radians(o.lat)) * power(sin(radians(o.lon - ${school_lon}) / 2), 2)))
       END AS km_from_school
FROM off o
JOIN sessions w ON w.staff_id = o.staff_id
WHERE w.source = 'windows' AND w.activity > 0
  AND unix_timestamp(o.started_at) <= unix_timestamp(w.last_activity) + ${slack_seconds}
  AND unix_timestamp(o.ended_at) >= unix_timestamp(w.first_activity) - ${slack_seconds}
