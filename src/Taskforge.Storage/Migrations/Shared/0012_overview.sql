-- The operations overview (issue 14) counts the human tasks waiting to be claimed by how long they have waited: an
-- index of the READY tasks alone (IBM's STATE_READY, 2) by when they became ready, so those counts are index ranges.
CREATE INDEX ix_tasks_ready ON tasks (activated_at) WHERE state = 2;
