import { type SQL, sql } from "drizzle-orm";
import { PACE_LOOKAHEAD_MS } from "../../../domain/instance/instance-pacing";

// The pacing, warm-up and sending-window rules, written once over an `instance` row and read by
// the claim (which enforces them) and by the instance view (which shows them).

/** Pacing or warm-up is set: one send in flight, paced by `next_send_at`, sends recorded for the caps. */
export function isPaced(instance: SQL): SQL {
  return sql`(${instance}.pacing is not null or ${instance}.warmup is not null)`;
}

/**
 * Today's daily cap: the smaller of `maxPerDay` and the warm-up's `startPerDay` grown by
 * `growthPercentPerDay` per whole day since registration (null when neither is set). The growth is
 * computed as exp(days × ln(1 + g)), bounded so a long-registered number cannot overflow it.
 */
export function dayCap(instance: SQL): SQL {
  return sql`least(
    (${instance}.pacing->>'maxPerDay')::bigint,
    floor((${instance}.warmup->>'startPerDay')::bigint * exp(least(
      floor(extract(epoch from now() - ${instance}.created_at) / 86400)
        * ln(1 + (${instance}.warmup->>'growthPercentPerDay')::numeric / 100), 30)))::bigint)`;
}

/** How many sends the instance made in the rolling `window` (a PostgreSQL interval literal). */
export function sendsWithin(instance: SQL, window: string): SQL {
  return sql`(select count(*) from instance_send sent
              where sent.instance_id = ${instance}.id and sent.sent_at > now() - ${window}::interval)`;
}

/**
 * Under every cap: for a cap of N sends per window, the N-th most recent send has left the window
 * (or there are fewer than N). Reads at most N entries of the send index, newest first.
 */
export function underCaps(instance: SQL): SQL {
  const nthLeft = (cap: SQL, window: string) => sql`(${cap} is null or coalesce((
      select sent.sent_at <= now() - ${window}::interval from instance_send sent
      where sent.instance_id = ${instance}.id
      order by sent.sent_at desc offset ${cap} - 1 limit 1), true))`;
  return sql`(${nthLeft(sql`(${instance}.pacing->>'maxPerMinute')::bigint`, "1 minute")}
    and ${nthLeft(sql`(${instance}.pacing->>'maxPerHour')::bigint`, "1 hour")}
    and ${nthLeft(dayCap(instance), "1 day")})`;
}

/**
 * Inside the sending window at `at` (the claim's now; a test's chosen instant), or none is set. PostgreSQL
 * converts the instant to the window's zone with its own time-zone rules, so the local day and
 * time are right across daylight-saving changes.
 */
export function inSendingWindow(instance: SQL, at: SQL = sql`now()`): SQL {
  const local = sql`((${at}) at time zone (${instance}.sending_window->>'timeZone'))`;
  return sql`(${instance}.sending_window is null or (
    (${instance}.sending_window->'days') @> to_jsonb(extract(isodow from ${local})::int)
    and ${local}::time >= (${instance}.sending_window->>'start')::time
    and ${local}::time < (${instance}.sending_window->>'end')::time))`;
}

const lookahead = sql.raw(`interval '${PACE_LOOKAHEAD_MS} milliseconds'`);

/**
 * A careful instance may send now for `claimer` (a worker id): inside its window and, when paced,
 * under its caps and its gap over, or ending within PACE_LOOKAHEAD_MS when the claim whose answer
 * started the gap was the claimer's own (it knows that answer's instant: PacedDepartures); it then
 * waits sendInMs. Another worker claims when the gap is over, so a number's next job goes early to
 * the worker that can send it on time. A paced send leaves when its gap ends, so that is the
 * instant its window is checked at. Counting the caps up to a second early errs on the safe side:
 * nothing of this number is sent in between (one in flight), and a send that has left the window
 * by then is still counted.
 */
export function mayCarefullySend(instance: SQL, claimer: string): SQL {
  return sql`(${inSendingWindow(instance, sendsAt(instance))} and (not ${isPaced(instance)} or (
    (coalesce(${instance}.next_send_at, '-infinity') <= now()
      or (${instance}.next_send_at <= now() + ${lookahead}
          and split_part(${instance}.paced_by, '#', 1) = ${claimer}))
    and ${unchangedSinceSnapshot(instance)} and ${underCaps(instance)})))`;
}

/** When a claim of this instance now would send: now, or when a paced number's gap ends. */
function sendsAt(instance: SQL): SQL {
  return sql`(case when ${isPaced(instance)}
    then greatest(now(), coalesce(${instance}.next_send_at, now())) else now() end)`;
}

/**
 * How long a paced claim's request waits for its number's gap to end, in whole milliseconds
 * (rounded up) from when the claim's rows are written out, so the claimer, counting from their
 * arrival, errs late by their transit and never early.
 */
export function sendInMs(instance: SQL): SQL {
  return sql`(case when ${instance}.next_send_at > clock_timestamp()
    then ceil(extract(epoch from ${instance}.next_send_at - clock_timestamp()) * 1000)::int else 0 end)`;
}

/**
 * The caps are counted in the statement's snapshot, but a locked row is re-checked on its newest
 * version: had a send been recorded since the snapshot, that version's gap could already be (nearly)
 * over (it counts from the answer, which may precede this claim's start) while the snapshot's
 * count misses the send. Every recorded send changes next_send_at, so a
 * row whose newest next_send_at is not the one the snapshot holds waits for the next claim.
 */
function unchangedSinceSnapshot(instance: SQL): SQL {
  return sql`${instance}.next_send_at is not distinct from (
    select seen.next_send_at from instance seen where seen.id = ${instance}.id)`;
}

/** The gap a paced claim draws: minIntervalMs plus a uniform share of jitterMs (both ends included). */
export function drawnGapMs(instance: SQL): SQL {
  return sql`(coalesce((${instance}.pacing->>'minIntervalMs')::int, 0)
    + floor(random() * (coalesce((${instance}.pacing->>'jitterMs')::int, 0) + 1))::int)`;
}
