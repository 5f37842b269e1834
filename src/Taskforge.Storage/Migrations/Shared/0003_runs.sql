-- Workflow runs (vRO "executions") and their logs. A run is owned by one node through a lease; every claim and
-- checkpoint bumps version, so a node that lost its lease cannot overwrite newer state.
CREATE TABLE runs (
    id                TEXT    PRIMARY KEY,        -- 32 hex digits
    workflow_id       TEXT    NOT NULL,
    workflow_revision INTEGER NOT NULL,
    state             TEXT    NOT NULL,           -- running | waiting | waiting-signal | completed | failed | canceled
    started_by        TEXT    NOT NULL,
    inputs            TEXT    NOT NULL,           -- JSON object of canonical values
    variables         TEXT    NOT NULL,           -- JSON object: attributes and outputs at the last checkpoint
    current_step      TEXT    NULL,
    steps_done        INTEGER NOT NULL DEFAULT 0,
    error             TEXT    NULL,
    cancel_requested  INTEGER NOT NULL DEFAULT 0,
    due_at            BIGINT  NULL,               -- when the run should be (re)taken up; NULL when final or waiting for a signal
    lease_owner       TEXT    NULL,
    lease_expires_at  BIGINT  NULL,
    version           BIGINT  NOT NULL DEFAULT 0,
    created_at        BIGINT  NOT NULL,
    ended_at          BIGINT  NULL,
    updated_at        BIGINT  NOT NULL
);
CREATE INDEX ix_runs_workflow ON runs (workflow_id, created_at);
CREATE INDEX ix_runs_due ON runs (due_at) WHERE due_at IS NOT NULL;

CREATE TABLE run_logs (
    run_id    TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    time      BIGINT  NOT NULL,
    severity  TEXT    NOT NULL,                   -- debug | info | warning | error
    origin    TEXT    NOT NULL,                   -- server | system (the script's System.log)
    message   TEXT    NOT NULL,
    user_name TEXT    NULL,
    PRIMARY KEY (run_id, seq)
);
