ALTER TABLE "instance" ADD COLUMN "paced_by" text;--> statement-breakpoint
-- paced_by names the claim whose answer set next_send_at (OLD.locked_by: one claim pass of one
-- worker). The worker that answered knows that instant on its own clock; the database dates it a
-- write later (answered_at, 4–6 ms p50 in W6), so a claimer that finds its own claim here waits out
-- the gap from its own instant, and any other claimer from the database's.
CREATE OR REPLACE FUNCTION pace_after_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE instance SET
    next_send_at =
      CASE WHEN NEW.answered_at IS DISTINCT FROM OLD.answered_at THEN NEW.answered_at ELSE now() END
        + NEW.pace_gap_ms * interval '1 millisecond',
    paced_by = CASE WHEN NEW.answered_at IS DISTINCT FROM OLD.answered_at THEN OLD.locked_by END
  WHERE id = NEW.instance_id;
  IF OLD.dispatched_at IS NOT NULL THEN
    INSERT INTO instance_send (instance_id, sent_at) VALUES (NEW.instance_id, now());
    DELETE FROM instance_send WHERE instance_id = NEW.instance_id AND sent_at <= now() - interval '1 day';
  END IF;
  RETURN NULL;
END
$$;
