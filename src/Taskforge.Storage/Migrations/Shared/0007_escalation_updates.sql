-- What PUT /escalation/{esiid}?action=update changes on one escalation instance: its own durations (overriding the
-- template's, as written: ISO 8601, simple calendar or DURATION_*) and its custom properties (a JSON object of
-- strings; escalations have few, and nothing queries them, so they need no table of their own).
ALTER TABLE task_escalations ADD COLUMN duration_until_escalated TEXT NULL;
ALTER TABLE task_escalations ADD COLUMN duration_until_repeated TEXT NULL;
ALTER TABLE task_escalations ADD COLUMN custom_properties TEXT NULL;
