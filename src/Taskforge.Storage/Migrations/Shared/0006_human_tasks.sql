-- Human tasks (IBM BPM Human Task Manager's model): template versions, tasks, their work items (role memberships,
-- the inbox and authorization primitive), custom properties, escalations and history. Timers live in `timers`.
CREATE TABLE task_templates (
    id          TEXT    PRIMARY KEY,            -- _TKT: + 32 hex
    name        TEXT    NOT NULL,
    namespace   TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    started     INTEGER NOT NULL,               -- 1 STATE_STARTED, 0 STATE_STOPPED
    document    TEXT    NOT NULL,               -- the definition as JSON, never changed
    created_at  BIGINT  NOT NULL,
    created_by  TEXT    NOT NULL,
    UNIQUE (namespace, name, version)
);

CREATE TABLE tasks (
    id                    TEXT    PRIMARY KEY,  -- _TKI: + 32 hex
    template_id           TEXT    NOT NULL,
    name                  TEXT    NOT NULL,
    namespace             TEXT    NOT NULL,
    display_name          TEXT    NULL,         -- NULL: the template's (localised) text applies
    description           TEXT    NULL,
    type                  TEXT    NULL,
    kind                  INTEGER NOT NULL,     -- IBM's KIND_* numbers
    state                 INTEGER NOT NULL,     -- IBM's STATE_* numbers
    suspended             INTEGER NOT NULL,
    escalated             INTEGER NOT NULL,
    waiting_for_subtask   INTEGER NOT NULL,
    is_read               INTEGER NOT NULL,
    business_relevant     INTEGER NOT NULL,
    priority              INTEGER NOT NULL,
    originator            TEXT    NOT NULL,
    starter               TEXT    NULL,
    owner                 TEXT    NULL,
    position              INTEGER NOT NULL,     -- HIERARCHY_POSITION_*: 0 top, 1 subtask, 2 follow-on
    parent_id             TEXT    NULL,
    top_id                TEXT    NOT NULL,
    follow_on_id          TEXT    NULL,
    support_autoclaim     INTEGER NOT NULL,
    support_claim_susp    INTEGER NOT NULL,
    support_delegation    INTEGER NOT NULL,
    support_follow_on     INTEGER NOT NULL,
    support_sub_task      INTEGER NOT NULL,
    auto_deletion         INTEGER NOT NULL,     -- 0 none, 1 on completion, 2 on successful completion
    duration_due          TEXT    NULL,
    duration_expires      TEXT    NULL,
    duration_deleted      TEXT    NULL,
    custom_text1          TEXT    NULL,
    custom_text2          TEXT    NULL,
    custom_text3          TEXT    NULL,
    custom_text4          TEXT    NULL,
    custom_text5          TEXT    NULL,
    custom_text6          TEXT    NULL,
    custom_text7          TEXT    NULL,
    custom_text8          TEXT    NULL,
    input                 TEXT    NULL,         -- canonical XML
    output                TEXT    NULL,
    fault_name            TEXT    NULL,
    fault                 TEXT    NULL,
    invoked_run_id        TEXT    NULL,
    waiting_run_id        TEXT    NULL,
    end_reason            TEXT    NULL,
    created_at            BIGINT  NOT NULL,
    activated_at          BIGINT  NULL,
    first_activated_at    BIGINT  NULL,
    started_at            BIGINT  NULL,
    completed_at          BIGINT  NULL,
    last_modified_at      BIGINT  NOT NULL,
    last_state_change_at  BIGINT  NOT NULL,
    due_at                BIGINT  NULL,
    expires_at            BIGINT  NULL,
    deletion_at           BIGINT  NULL,
    resumes_at            BIGINT  NULL,
    resume_cancels_claim  INTEGER NOT NULL,
    version               BIGINT  NOT NULL
);
CREATE INDEX ix_tasks_parent ON tasks (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX ix_tasks_top ON tasks (top_id);
CREATE INDEX ix_tasks_state_priority ON tasks (state, priority, id);

-- One row per role membership: reason = the role (IBM's REASON_* numbers), kind 1 everybody / 2 user / 3 group,
-- principal the user or group name ('' for everybody). state and priority are copies of the task's, written with every
-- task write, so the inbox reads only the caller's READY items, in priority order per principal.
CREATE TABLE work_items (
    task_id    TEXT    NOT NULL,
    reason     INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    principal  TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    state      INTEGER NOT NULL,
    priority   INTEGER NOT NULL,
    PRIMARY KEY (task_id, reason, kind, principal)
);
CREATE INDEX ix_work_items_principal ON work_items (principal, kind, reason, state, priority, task_id);

CREATE TABLE task_properties (
    task_id TEXT NOT NULL,
    name    TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (task_id, name)
);

CREATE TABLE task_escalations (
    id            TEXT    PRIMARY KEY,          -- esiid
    task_id       TEXT    NOT NULL,
    chain         INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    state         INTEGER NOT NULL,             -- 1 inactive, 2 waiting, 3 escalated, 4 superfluous
    activated_at  BIGINT  NULL,
    escalates_at  BIGINT  NULL,
    fired         INTEGER NOT NULL
);
CREATE INDEX ix_task_escalations_task ON task_escalations (task_id);

-- History; seq is (task version × 64 + n), unique per task without a lookup.
CREATE TABLE task_history (
    task_id       TEXT    NOT NULL,
    seq           BIGINT  NOT NULL,
    event         TEXT    NOT NULL,
    at            BIGINT  NOT NULL,
    principal     TEXT    NULL,
    from_id       TEXT    NULL,
    to_id         TEXT    NULL,
    reason        INTEGER NULL,
    escalation_id TEXT    NULL,
    detail        TEXT    NULL,
    PRIMARY KEY (task_id, seq)
);

-- A run an invocation task started names its task (its end reaches the task through a `task-invocation` timer), and
-- a run that failed through a `fail` step naming a fault keeps it for that task.
ALTER TABLE runs ADD COLUMN task_id TEXT NULL;
ALTER TABLE runs ADD COLUMN fault TEXT NULL;
