-- Traces (issue 17): a run and a human task keep the W3C traceparent of the span that made them (when tracing is on),
-- so that the run's steps, on whichever node and however much later, and the task's timers join that trace.
ALTER TABLE runs ADD COLUMN trace_parent TEXT NULL;
ALTER TABLE tasks ADD COLUMN trace_parent TEXT NULL;
