-- Signed-in dashboard sessions, kept in the store so a restart or an upgrade of `serve` does not
-- sign anyone out (docs/dashboard.md). Only the SHA-256 of the session token is kept: the token
-- itself lives in the browser's cookie, so reading this table signs nobody in. The CSRF token is
-- derived from the session token and is not kept either. The idle timeout is judged from
-- last_seen and the absolute lifetime from created_at.

CREATE TABLE dashboard_sessions (
    token_sha256  VARCHAR PRIMARY KEY,
    username      VARCHAR NOT NULL,
    role          VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    user_agent    VARCHAR
);
