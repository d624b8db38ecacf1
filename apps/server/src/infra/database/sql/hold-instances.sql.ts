import { type SQL, sql } from "drizzle-orm";
import { isoText } from "./params";

/**
 * An UPDATE (for a CTE) that puts on hold the instances of the UNAVAILABLE rows of `finished`
 * (columns instance_id, provider, status, hold_scope, data with the attempt's error): the instance
 * itself, or every instance of its gateway when the gateway did not answer at all. An instance
 * already held keeps its first hold's time and reason. The prober's first probe is due at once.
 * Returns each instance held, `newly_held` when this statement began its hold.
 */
export function holdInstances(finished: SQL): SQL {
  return sql`
    update instance
    set held_since = coalesce(instance.held_since, now()),
        hold_code = coalesce(instance.hold_code, cause.data->'error'->>'code'),
        hold_message = coalesce(instance.hold_message, cause.data->'error'->>'message'),
        status = case when instance.held_since is not null then instance.status
                      when cause.data->'error'->>'code' = 'INSTANCE_NOT_CONNECTED' then 'disconnected'
                      else 'unavailable' end,
        next_probe_at = coalesce(instance.next_probe_at, now()), updated_at = now()
    from ${finished} cause
    where cause.status = 'UNAVAILABLE'
      and (instance.id = cause.instance_id
           or (cause.hold_scope = 'gateway' and instance.provider = cause.provider))
    returning instance.id, instance.organization_id, instance.hold_code, instance.hold_message,
              cause.data->>'actor' as actor, instance.held_since = now() as newly_held`;
}

/**
 * An INSERT (for a CTE) of the InstanceDisconnected timeline row of each instance `held` (the
 * RETURNING of holdInstances) newly put on hold, returning the events' JSON as `data`.
 */
export function insertHoldEvents(held: SQL): SQL {
  return sql`
    insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
    select held.organization_id, null::uuid, null::uuid, 'InstanceDisconnected', held.actor,
           jsonb_build_object('type', 'InstanceDisconnected', 'organizationId', held.organization_id,
                              'instanceId', held.id, 'occurredAt', ${isoText(sql`now()`)}, 'actor', held.actor,
                              'error', jsonb_build_object('code', held.hold_code, 'message', held.hold_message)),
           now()
    from ${held} held where held.newly_held
    returning data`;
}
