import { z } from "zod";

const eventId = z
  .string()
  .trim()
  .regex(/^[0-9]{1,18}$/, "must be a timeline event id (digits); 0 replays from the beginning");

/** Browsers' EventSource sends `Last-Event-ID` itself on reconnect; the query serves a first connect. */
export const eventStreamHeaders = z.object({ "last-event-id": eventId.optional() });
export const eventStreamQuery = z.object({ lastEventId: eventId.optional() });

/** The stream is never serialized through this: the route writes it frame by frame. */
export const eventStreamResponse = {
  description: "Server-Sent Events, one per committed timeline entry, until the client disconnects",
  content: {
    "text/event-stream": {
      schema: z.string().meta({
        description:
          "Frames `id: <timeline id>`, `event: <type>`, `data: {id, type, intentId, occurredAt, actor, data}` " +
          "(JSON, the same body webhooks receive); `: heartbeat` comment lines keep idle streams open.",
      }),
    },
  },
};
