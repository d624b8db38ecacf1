-- The fan-out also announces what it wrote: delivery loops in every process wake on the
-- notification (sent only if the transaction commits) instead of on every event this process
-- commits, so a system without webhook endpoints never looks for deliveries between polls.
CREATE OR REPLACE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_delivery (endpoint_id, organization_id, timeline_event_id, event_type)
  SELECT endpoint.id, event.organization_id, event.id, event.type
  FROM new_timeline_rows event
  JOIN webhook_endpoint endpoint
    ON endpoint.organization_id = event.organization_id AND event.type = ANY (endpoint.events);
  IF FOUND THEN
    PERFORM pg_notify('webhook_delivery_due', '');
  END IF;
  RETURN NULL;
END
$$;
