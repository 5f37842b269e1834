-- The runs list (GET /api/v1/runs, issue 14): newest first at any size. Each filter has an index that ends in
-- (created_at, id), so a list with that filter, with or without a time range and a cursor, is one index range read in
-- order; a combination of filters reads the range of one of them and checks the others. ix_runs_workflow gains id so
-- that ties on created_at need no sort either.
DROP INDEX ix_runs_workflow;
CREATE INDEX ix_runs_workflow ON runs (workflow_id, created_at, id);
CREATE INDEX ix_runs_created ON runs (created_at, id);
CREATE INDEX ix_runs_state ON runs (state, created_at, id);
CREATE INDEX ix_runs_started_by ON runs (started_by, created_at, id);
