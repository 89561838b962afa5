-- The floor for issue 14: what hand-written DuckDB SQL costs over the same exports the product
-- reads. DuckDB's own readers with every column named (all VARCHAR, as the product reads text),
-- every file of a kind into one narrow table with the conversions the product must also make
-- (school-local times to UTC, accounts to staff), then plain window and anti-join queries
-- answering the core questions. Run by bench/perf.sh through bench/Floor.java; ${school} is the
-- generated school's folder. No shortcuts the product could not take: every file and every row
-- is read, nothing is sampled, no column is skipped by the reader.
SET TimeZone = 'UTC';

-- The roster: who is who, and which account is whose.
CREATE TABLE staff AS
SELECT staff_id, roles, leave_date
FROM read_csv('${school}/roster/staff.csv', header = true, auto_detect = false, delim = ',', quote = '"',
    columns = {'staff_id': 'VARCHAR', 'display_name': 'VARCHAR', 'email': 'VARCHAR', 'roles': 'VARCHAR',
               'start_date': 'VARCHAR', 'leave_date': 'VARCHAR', 'accounts': 'VARCHAR', 'family_key': 'VARCHAR'});

CREATE TABLE accounts AS
SELECT staff_id, split_part(a, ':', 1) AS source, lower(substr(a, strpos(a, ':') + 1)) AS account
FROM (SELECT staff_id, unnest(string_split(accounts, ';')) AS a
      FROM read_csv('${school}/roster/staff.csv', header = true, auto_detect = false, delim = ',', quote = '"',
          columns = {'staff_id': 'VARCHAR', 'display_name': 'VARCHAR', 'email': 'VARCHAR', 'roles': 'VARCHAR',
                     'start_date': 'VARCHAR', 'leave_date': 'VARCHAR', 'accounts': 'VARCHAR', 'family_key': 'VARCHAR'}))
WHERE a <> '';

-- SIMS-style MIS audit: school-local day and minute, converted to UTC once per distinct minute
-- (the zone's rules are the same for every row of that minute).
CREATE TABLE mis AS
WITH raw AS (
    SELECT strptime(date || ' ' || time, '%d/%m/%Y %H:%M') AS local_ts, lower(user_name) AS account,
           lower(split_part(workstation, '.', 1)) AS host, module, activity, record_type, record_id, filename AS file
    FROM read_csv('${school}/mis/*.csv', header = true, auto_detect = false, delim = ',', quote = '"', filename = true,
        columns = {'date': 'VARCHAR', 'time': 'VARCHAR', 'user_name': 'VARCHAR', 'workstation': 'VARCHAR',
                   'module': 'VARCHAR', 'activity': 'VARCHAR', 'record_type': 'VARCHAR', 'record_id': 'VARCHAR',
                   'records': 'VARCHAR'})
),
minutes AS (
    SELECT local_ts, CAST(timezone('Europe/London', local_ts) AS TIMESTAMP) AS ts FROM (SELECT DISTINCT local_ts FROM raw)
)
SELECT m.ts, r.account, r.host, r.module, r.activity, r.record_type, r.record_id, r.file
FROM raw r JOIN minutes m ON m.local_ts = r.local_ts;

-- CPOMS-style safeguarding audit, also school-local.
CREATE TABLE cpoms AS
SELECT CAST(timezone('Europe/London', strptime(date_time, '%d/%m/%Y %H:%M:%S')) AS TIMESTAMP) AS ts,
       lower("user") AS account, action, student_id, incident_id, ip_address, two_factor, filename AS file
FROM read_csv('${school}/cpoms/*.csv', header = true, auto_detect = false, delim = ',', quote = '"', filename = true,
    columns = {'date_time': 'VARCHAR', 'user': 'VARCHAR', 'action': 'VARCHAR', 'student': 'VARCHAR',
               'student_id': 'VARCHAR', 'incident_id': 'VARCHAR', 'category': 'VARCHAR', 'ip_address': 'VARCHAR',
               'two_factor': 'VARCHAR'});

-- Entra admin-centre sign-ins: every one of the export's 55 columns named.
CREATE TABLE entra AS
SELECT CAST(date_utc AS TIMESTAMP) AS ts, request_id, lower(username) AS account, application, ip_address,
       status, multifactor_authentication_result AS mfa_result, authentication_requirement, session_id,
       filename AS file
FROM read_csv('${school}/entra/*.csv', header = true, auto_detect = false, delim = ',', quote = '"', filename = true,
    columns = {
    'date_utc': 'VARCHAR', 'request_id': 'VARCHAR', 'user_agent': 'VARCHAR', 'correlation_id': 'VARCHAR',
    'user_id': 'VARCHAR', 'user': 'VARCHAR', 'username': 'VARCHAR', 'user_type': 'VARCHAR',
    'cross_tenant_access_type': 'VARCHAR', 'incoming_token_type': 'VARCHAR', 'authentication_protocol': 'VARCHAR',
    'unique_token_identifier': 'VARCHAR', 'original_transfer_method': 'VARCHAR', 'client_credential_type': 'VARCHAR',
    'token_protection_sign_in_session': 'VARCHAR', 'token_protection_sign_in_session_statuscode': 'VARCHAR',
    'application': 'VARCHAR', 'application_id': 'VARCHAR', 'resource': 'VARCHAR', 'resource_id': 'VARCHAR',
    'resource_tenant_id': 'VARCHAR', 'home_tenant_id': 'VARCHAR', 'home_tenant_name': 'VARCHAR',
    'ip_address': 'VARCHAR', 'location': 'VARCHAR', 'status': 'VARCHAR', 'sign_in_error_code': 'VARCHAR',
    'failure_reason': 'VARCHAR', 'client_app': 'VARCHAR', 'device_id': 'VARCHAR', 'browser': 'VARCHAR',
    'operating_system': 'VARCHAR', 'compliant': 'VARCHAR', 'managed': 'VARCHAR', 'join_type': 'VARCHAR',
    'multifactor_authentication_result': 'VARCHAR', 'multifactor_authentication_auth_method': 'VARCHAR',
    'multifactor_authentication_auth_detail': 'VARCHAR', 'authentication_requirement': 'VARCHAR',
    'sign_in_identifier': 'VARCHAR', 'session_id': 'VARCHAR', 'ip_address_seen_by_resource': 'VARCHAR',
    'through_global_secure_access': 'VARCHAR', 'global_secure_access_ip_address': 'VARCHAR',
    'autonomous_system_number': 'VARCHAR', 'flagged_for_review': 'VARCHAR', 'token_issuer_type': 'VARCHAR',
    'incoming_token_type_2': 'VARCHAR', 'token_issuer_name': 'VARCHAR', 'latency': 'VARCHAR',
    'conditional_access': 'VARCHAR', 'managed_identity_type': 'VARCHAR', 'associated_resource_id': 'VARCHAR',
    'federated_token_id': 'VARCHAR', 'federated_token_issuer': 'VARCHAR'});

-- Google Workspace login audit (Reports API JSON): the items and their events, typed explicitly.
CREATE TABLE google AS
SELECT CAST(item.id.time AS TIMESTAMP) AS ts, item.id.uniqueQualifier AS qualifier, lower(item.actor.email) AS account,
       item.ipAddress AS ip, e.name AS event, file
FROM (SELECT unnest(items) AS item, filename AS file
      FROM read_json('${school}/google/*.json', format = 'unstructured', filename = true,
          columns = {'kind': 'VARCHAR', 'items': 'STRUCT(kind VARCHAR, id STRUCT("time" VARCHAR, uniqueQualifier VARCHAR,
              applicationName VARCHAR, customerId VARCHAR), actor STRUCT(email VARCHAR, profileId VARCHAR),
              ipAddress VARCHAR, events STRUCT(type VARCHAR, name VARCHAR, parameters STRUCT(name VARCHAR,
              "value" VARCHAR, multiValue VARCHAR[], boolValue BOOLEAN)[])[])[]'}))
CROSS JOIN unnest(item.events) AS t(e);

-- Windows Security events (Winlogbeat/NXLog flattened NDJSON): every field the export carries.
CREATE TABLE windows AS
SELECT CAST("@timestamp" AS TIMESTAMP) AS ts, lower(split_part(hostname, '.', 1)) AS host, eventid AS event_id,
       lower(targetusername) AS account, lower(targetlogonid) AS logon_id, logontype AS logon_type,
       ipaddress AS ip, filename AS file
FROM read_json('${school}/windows/*.ndjson', format = 'newline_delimited', filename = true,
    columns = {'@timestamp': 'VARCHAR', 'EventTime': 'VARCHAR', 'Hostname': 'VARCHAR', 'Channel': 'VARCHAR',
               'EventID': 'INTEGER', 'SourceName': 'VARCHAR', 'EventType': 'VARCHAR', 'TargetUserName': 'VARCHAR',
               'TargetDomainName': 'VARCHAR', 'TargetLogonId': 'VARCHAR', 'LogonType': 'VARCHAR',
               'WorkstationName': 'VARCHAR', 'IpAddress': 'VARCHAR', 'SessionId': 'VARCHAR', 'Status': 'VARCHAR',
               'SubStatus': 'VARCHAR'});

-- 1. Sessions without a logoff: an interactive Windows logon whose next mark for the same computer
-- and logon id is not a logoff (4634/4647), and an MIS login whose next event of the same account
-- and workstation is not a logout.
CREATE TABLE q_sessions_without_logoff AS
WITH marks AS (
    SELECT ts, host, logon_id, account, event_id,
           lead(event_id) OVER (PARTITION BY host, logon_id ORDER BY ts) AS next_event
    FROM windows WHERE event_id IN (4624, 4634, 4647)
)
SELECT 'windows' AS source, a.staff_id, m.account, m.host, m.ts
FROM marks m JOIN windows w ON w.host = m.host AND w.logon_id = m.logon_id AND w.ts = m.ts AND w.event_id = 4624
LEFT JOIN accounts a ON a.source = 'windows' AND a.account = 'northfield\' || m.account
WHERE m.event_id = 4624 AND w.logon_type IN ('2', '10', '11') AND m.account NOT LIKE '%$'
  AND m.account NOT IN ('system', 'local service', 'network service')
  AND coalesce(m.next_event, 0) NOT IN (4634, 4647)
UNION ALL
SELECT 'sims', a.staff_id, s.account, s.host, s.ts
FROM (SELECT ts, account, host, activity,
             lead(activity) OVER (PARTITION BY account, host ORDER BY ts) AS next_activity
      FROM mis WHERE module = 'System' AND activity IN ('Login', 'Logout')) s
LEFT JOIN accounts a ON a.source = 'sims' AND a.account = s.account
WHERE s.activity = 'Login' AND coalesce(s.next_activity, '') <> 'Logout';

-- 2. Sign-ins without MFA: successful Entra sign-ins that needed only one factor, and CPOMS
-- logins without the second factor, per staff member and school day.
CREATE TABLE q_signins_without_mfa AS
SELECT a.staff_id, e.account, CAST(timezone('Europe/London', e.ts::TIMESTAMPTZ) AS DATE) AS day, count(*) AS sign_ins
FROM entra e LEFT JOIN accounts a ON a.source = 'entra' AND a.account = e.account
WHERE e.status = 'Success' AND e.authentication_requirement = 'singleFactorAuthentication'
GROUP BY ALL
UNION ALL
SELECT a.staff_id, c.account, CAST(timezone('Europe/London', c.ts::TIMESTAMPTZ) AS DATE), count(*)
FROM cpoms c LEFT JOIN accounts a ON a.source = 'cpoms' AND a.account = c.account
WHERE c.action = 'Logged in' AND coalesce(c.two_factor, '') <> 'Yes'
GROUP BY ALL;

-- 3. Record opens per staff-day (MIS and safeguarding), each day against the person's own median
-- of the days before it.
CREATE TABLE q_record_opens AS
WITH opens AS (
    SELECT a.staff_id, CAST(timezone('Europe/London', m.ts::TIMESTAMPTZ) AS DATE) AS day
    FROM mis m JOIN accounts a ON a.source = 'sims' AND a.account = m.account
    WHERE m.module <> 'System' AND m.record_id IS NOT NULL
    UNION ALL
    SELECT a.staff_id, CAST(timezone('Europe/London', c.ts::TIMESTAMPTZ) AS DATE)
    FROM cpoms c JOIN accounts a ON a.source = 'cpoms' AND a.account = c.account
    WHERE c.action LIKE 'Viewed%' OR c.action LIKE 'Edited%' OR c.action LIKE 'Added%'
),
daily AS (
    SELECT staff_id, day, count(*) AS opens FROM opens GROUP BY staff_id, day
)
SELECT staff_id, day, opens,
       median(opens) OVER (PARTITION BY staff_id ORDER BY day ROWS BETWEEN 40 PRECEDING AND 1 PRECEDING) AS usual
FROM daily;

-- 4. Two workstations at once for one person: interactive Windows sessions (logon to its logoff,
-- or to the next logon on that computer) of a member of staff, each compared with the latest-ending
-- earlier session of the same account: a session on another computer still open when this one began.
CREATE TABLE q_two_workstations AS
WITH logons AS (
    SELECT ts, host, logon_id, account,
           lead(ts) OVER (PARTITION BY host ORDER BY ts) AS next_on_host
    FROM windows WHERE event_id = 4624 AND logon_type IN ('2', '10', '11') AND account NOT LIKE '%$'
),
logoffs AS (
    SELECT host, logon_id, ts FROM windows WHERE event_id IN (4634, 4647)
),
spans AS (
    SELECT ac.staff_id, l.account, l.host, l.ts AS started,
           coalesce(min(o.ts), l.next_on_host, l.ts + INTERVAL 12 HOUR) AS ended
    FROM logons l
    JOIN accounts ac ON ac.source = 'windows' AND ac.account = 'northfield\' || l.account
    LEFT JOIN logoffs o ON o.host = l.host AND o.logon_id = l.logon_id AND o.ts > l.ts
      AND o.ts <= coalesce(l.next_on_host, l.ts + INTERVAL 12 HOUR)
    GROUP BY ac.staff_id, l.account, l.host, l.ts, l.next_on_host
),
ordered AS (
    SELECT staff_id, account, host, started, ended,
           lag(host) OVER w AS previous_host, lag(ended) OVER w AS previous_ended
    FROM spans WINDOW w AS (PARTITION BY account ORDER BY started)
)
SELECT staff_id, account, host, previous_host AS other_host, started
FROM ordered WHERE previous_host <> host AND previous_ended > started;

-- What was loaded and what was found (the runner prints these).
SELECT 'mis' AS t, count(*) AS n FROM mis UNION ALL SELECT 'cpoms', count(*) FROM cpoms
UNION ALL SELECT 'entra', count(*) FROM entra UNION ALL SELECT 'google', count(*) FROM google
UNION ALL SELECT 'windows', count(*) FROM windows
UNION ALL SELECT 'sessions_without_logoff', count(*) FROM q_sessions_without_logoff
UNION ALL SELECT 'signin_days_without_mfa', count(*) FROM q_signins_without_mfa
UNION ALL SELECT 'staff_days_over_3x_usual', count(*) FROM q_record_opens WHERE opens > 3 * usual
UNION ALL SELECT 'two_workstations', count(*) FROM q_two_workstations;
