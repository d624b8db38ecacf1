-- Wakes idle workers when a job becomes runnable (created, requeued, retried, recovered), in the
-- transaction that makes it so: listeners hear it only if it commits. Claims and outcomes never
-- match the WHEN clause, so they notify nobody. Identical notifications of one transaction are
-- folded into one by PostgreSQL, so a bulk insert wakes each listener once.
CREATE FUNCTION notify_message_execution_job_runnable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('message_execution_job_runnable', '');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER message_execution_job_runnable_notify
  AFTER INSERT OR UPDATE OF status, next_attempt_at ON message_execution_job
  FOR EACH ROW WHEN (NEW.status IN ('PENDING', 'RETRY'))
  EXECUTE FUNCTION notify_message_execution_job_runnable();
