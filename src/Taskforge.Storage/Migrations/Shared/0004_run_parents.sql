-- A run started by a parent run's workflow step; the parent waits (waiting-signal) until this run ends.
ALTER TABLE runs ADD COLUMN parent_run_id TEXT NULL;
CREATE INDEX ix_runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
