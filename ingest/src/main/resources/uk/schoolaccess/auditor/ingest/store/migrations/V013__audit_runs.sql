-- When each audit ran (UTC), over which period and with what result, so 'auditor status' and the
-- weekly page can say how fresh the findings are.
CREATE TABLE audit_runs (
    ran_at        TIMESTAMP NOT NULL,
    period_from   TIMESTAMP,
    period_to     TIMESTAMP,
    engine        VARCHAR NOT NULL,
    findings      BIGINT NOT NULL,
    new_findings  BIGINT NOT NULL
);
