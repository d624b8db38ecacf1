-- Outbound webhooks: every timeline row owes one delivery to each endpoint of its organization
-- subscribed to its type. The trigger writes them in the transaction that inserts the timeline row
-- (an event is owed if and only if it committed), once per statement (one INSERT ... SELECT however
-- many rows the statement inserted), and inserts nothing for an organization without endpoints.
CREATE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_delivery (endpoint_id, organization_id, timeline_event_id, event_type)
  SELECT endpoint.id, event.organization_id, event.id, event.type
  FROM new_timeline_rows event
  JOIN webhook_endpoint endpoint
    ON endpoint.organization_id = event.organization_id AND event.type = ANY (endpoint.events);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER webhook_fan_out AFTER INSERT ON timeline_event
  REFERENCING NEW TABLE AS new_timeline_rows
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_fan_out();
