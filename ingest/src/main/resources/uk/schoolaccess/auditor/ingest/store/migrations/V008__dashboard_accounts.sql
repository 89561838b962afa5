-- Dashboard accounts can be disabled and their passwords changed (auditor users disable |
-- passwd). A disabled account is kept, not deleted, so the access log and triage decisions that
-- name it still mean someone; who made each change is in access_log (kind 'account').

ALTER TABLE dashboard_users ADD COLUMN IF NOT EXISTS disabled_at TIMESTAMP;
ALTER TABLE dashboard_users ADD COLUMN IF NOT EXISTS password_changed_at TIMESTAMP;
