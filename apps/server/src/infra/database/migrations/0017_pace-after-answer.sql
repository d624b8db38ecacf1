-- Pacing counts from the answer, not the claim: a paced claim sets its number's next_send_at to
-- 'infinity' (one send in flight) and draws its gap onto the job; whenever that attempt ends, by
-- any path (the completer's outcome or hold, the rescuer, a graceful give-back, an operator), the
-- number's next send is due the gap after now, and a request that left is recorded at now for the
-- rolling caps (records older than a day go). The gateway has seen the send by then, so two sends
-- of one number reach it at least minIntervalMs apart, and a cap's window holds them as it saw
-- them, whatever the latency. Unpaced jobs carry no gap: the WHEN clause, in C, is all they pay.
CREATE FUNCTION pace_after_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE instance SET next_send_at = now() + NEW.pace_gap_ms * interval '1 millisecond'
  WHERE id = NEW.instance_id;
  IF OLD.dispatched_at IS NOT NULL THEN
    INSERT INTO instance_send (instance_id, sent_at) VALUES (NEW.instance_id, now());
    DELETE FROM instance_send WHERE instance_id = NEW.instance_id AND sent_at <= now() - interval '1 day';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER pace_after_answer AFTER UPDATE OF status ON message_execution_job
  FOR EACH ROW
  WHEN (OLD.status = 'PROCESSING' AND NEW.status <> 'PROCESSING' AND NEW.pace_gap_ms IS NOT NULL)
  EXECUTE FUNCTION pace_after_answer();
