-- A run's step timeline (issue 14): one row per step that ended, written by the checkpoint that ends it (on PostgreSQL
-- in the checkpoint's own statement), so the timeline costs no round trip. A step that waits (a wait, a child run, a
-- human task) ends at the checkpoint that takes the run on; runs.step_started_at keeps when it began meanwhile.
CREATE TABLE run_steps (
    run_id     TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,                  -- steps_done as the checkpoint that ended the step set it: unique per run
    step_id    TEXT    NOT NULL,
    started_at BIGINT  NOT NULL,
    ended_at   BIGINT  NOT NULL,
    outcome    TEXT    NOT NULL,                  -- the run's state after the step: running (it went on), completed, failed, canceled
    PRIMARY KEY (run_id, seq)
);
ALTER TABLE runs ADD COLUMN step_started_at BIGINT NULL;

-- A run's page lists the human tasks its task steps created (tasks.waiting_run_id).
CREATE INDEX ix_tasks_waiting_run ON tasks (waiting_run_id) WHERE waiting_run_id IS NOT NULL;
