-- Fire history with a reason for every slot (issue 14): the facts behind each outcome are kept with the slot, since the
-- schedule may change or go later. A slot that could not start its run is "refused" (it was stored as "error").
ALTER TABLE schedule_fires ADD COLUMN misfire TEXT NULL;          -- the misfire policy a slot found late was judged by
ALTER TABLE schedule_fires ADD COLUMN missed_from BIGINT NULL;    -- a late fire standing for several slots: the earliest of them
ALTER TABLE schedule_fires ADD COLUMN active_run_id TEXT NULL;    -- skipped-overlap: the run still going
ALTER TABLE schedule_fires ADD COLUMN refusal TEXT NULL;          -- refused: user-gone | workflow-gone | right-lost | inputs-invalid
ALTER TABLE schedule_fires ADD COLUMN error TEXT NULL;            -- refused: why, in a sentence
UPDATE schedule_fires SET outcome = 'refused' WHERE outcome = 'error';

-- Pruning by age (Taskforge:Schedules:FireHistoryRetention) and the overview's fires of the last hour read by fired_at.
CREATE INDEX ix_schedule_fires_fired ON schedule_fires (fired_at);
