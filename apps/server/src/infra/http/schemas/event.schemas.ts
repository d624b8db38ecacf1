import { z } from "zod";

const eventId = z
  .string()
  .trim()
  .regex(/^[0-9]{1,18}$/, "must be a timeline event id (digits); 0 replays from the beginning");

/** Browsers' EventSource sends `Last-Event-ID` itself on reconnect; the query serves a first connect. */
export const eventStreamHeaders = z.object({ "last-event-id": eventId.optional() });
export const eventStreamQuery = z.object({ lastEventId: eventId.optional() });
