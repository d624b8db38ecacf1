ALTER TABLE "message_execution_job" ADD COLUMN "answered_at" timestamp with time zone;
--> statement-breakpoint
-- A paced number's gap counts from its previous send's answer as the worker received it
-- (answered_at: the completer dates it, on the database's clock, no earlier than it came), not from
-- when the outcome's write got through: the write's own wait no longer lengthens every gap. Only
-- the update that recorded an answer sets answered_at; every other way an attempt ends (rescuer,
-- give-back, operator) counts from now, as before.
CREATE OR REPLACE FUNCTION pace_after_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE instance SET next_send_at =
    CASE WHEN NEW.answered_at IS DISTINCT FROM OLD.answered_at THEN NEW.answered_at ELSE now() END
      + NEW.pace_gap_ms * interval '1 millisecond'
  WHERE id = NEW.instance_id;
  IF OLD.dispatched_at IS NOT NULL THEN
    INSERT INTO instance_send (instance_id, sent_at) VALUES (NEW.instance_id, now());
    DELETE FROM instance_send WHERE instance_id = NEW.instance_id AND sent_at <= now() - interval '1 day';
  END IF;
  RETURN NULL;
END
$$;
