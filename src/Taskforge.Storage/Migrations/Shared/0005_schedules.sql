-- Schedules (vRO "tasks"), the record of every fired slot, and the durable timers that drive them.
CREATE TABLE schedules (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL,
    description     TEXT    NULL,
    workflow_id     TEXT    NOT NULL,
    inputs          TEXT    NOT NULL,           -- JSON object of canonical input values
    parameters      TEXT    NOT NULL,           -- JSON array: the input parameters as the client described them (echoed back)
    cycle           TEXT    NOT NULL,           -- one-time | every-minutes | … | every-months | cron
    pattern         TEXT    NULL,               -- the vRO recurrence-pattern, byte for byte
    cron            TEXT    NULL,
    time_zone       TEXT    NULL,               -- explicit IANA zone (native API); a pattern may name its own
    start_at        BIGINT  NOT NULL,
    end_at          BIGINT  NULL,
    start_mode      TEXT    NOT NULL,           -- normal | start-in-the-past
    misfire         TEXT    NOT NULL,           -- skip | fire-once | fire-all:<ISO duration>
    overlap         TEXT    NOT NULL,           -- allow | skip
    state           TEXT    NOT NULL,           -- pending | running | suspended | finished | canceled | error
    pause_reason    TEXT    NULL,
    error           TEXT    NULL,
    user_name       TEXT    NOT NULL,           -- runs start as this user, rights checked at every fire
    permissions     TEXT    NOT NULL DEFAULT '[]',
    next_fire_at    BIGINT  NULL,
    next_slot_at    BIGINT  NULL,
    last_slot_at    BIGINT  NULL,
    running_run_id  TEXT    NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    version         BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX ix_schedules_workflow ON schedules (workflow_id);
CREATE INDEX ix_schedules_running ON schedules (running_run_id) WHERE running_run_id IS NOT NULL;

-- One row per fired slot. The primary key is what makes a second fire of the same slot impossible, on any node.
CREATE TABLE schedule_fires (
    schedule_id TEXT    NOT NULL,
    slot_at     BIGINT  NOT NULL,
    fired_at    BIGINT  NOT NULL,
    run_id      TEXT    NULL,                   -- NULL when the slot was skipped (overlap) or could not start
    outcome     TEXT    NOT NULL,               -- started | skipped-overlap | error
    node        TEXT    NOT NULL,
    PRIMARY KEY (schedule_id, slot_at)
);
CREATE INDEX ix_schedule_fires_run ON schedule_fires (run_id) WHERE run_id IS NOT NULL;

-- Durable timers: one per (kind, owner), due at due_at, claimed in batches with a lease.
CREATE TABLE timers (
    kind             TEXT    NOT NULL,          -- schedule (later: run-resume, task-due, task-expiry, escalation, …)
    owner_id         TEXT    NOT NULL,
    due_at           BIGINT  NOT NULL,
    slot_at          BIGINT  NOT NULL,          -- the occurrence this timer stands for (a catch-up fires later than its slot)
    lease_owner      TEXT    NULL,
    lease_expires_at BIGINT  NULL,
    PRIMARY KEY (kind, owner_id)
);
CREATE INDEX ix_timers_due ON timers (due_at);
