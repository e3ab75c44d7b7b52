-- Received while its LDU was closed (homefirst.triage.opening-hours): such a case comes first on the queue.
ALTER TABLE triage_case ADD COLUMN out_of_hours BOOLEAN NOT NULL DEFAULT FALSE;

-- An LDU's time-to-triage figures read its cases of the last 28 days, cancelled ones included.
CREATE INDEX triage_case_by_ldu ON triage_case (ldu, received_at);
