import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { FeedPosition, TimelineFeed } from "../../../domain/timeline/timeline-feed";
import { SharedFeedReader } from "../../events/shared-feed-reader";
import { errorBody } from "../error-handler";
import type { HttpDependencies } from "../http-dependencies";
import { LiveEventStream } from "../live-event-stream";
import { organizationOf } from "../organization-context";
import { errorResponses } from "../schemas/error.schemas";
import { eventStreamHeaders, eventStreamQuery, eventStreamResponse } from "../schemas/event.schemas";
import { SharedKeyCheck } from "../shared-key-check";

/**
 * `GET /v1/events`: the organization's timeline live, as Server-Sent Events. Without a
 * `Last-Event-ID` the stream starts now; with one it resumes just after that event, losing none.
 */
export const eventsRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  const open = new Set<LiveEventStream>();
  const keyChecks = new SharedKeyCheck(
    (keyId) => deps.apiKeys.isActive(keyId),
    deps.liveEvents.pollIntervalMs,
  );
  // One reader feeds every stream of this process (one read per commit, not one per stream).
  const reader = new SharedFeedReader(deps.liveEvents.feed, {
    pollIntervalMs: deps.liveEvents.pollIntervalMs,
    onCommitted: deps.liveEvents.onCommitted,
    onError: (error) =>
      app.log.warn({ err: error }, "live event read failed; retrying after the poll interval"),
  });
  const openByKey = new Map<string, number>();
  // The server waits for open connections when closing: end the streams first.
  app.addHook("preClose", async () => {
    for (const stream of open) stream.stop();
  });

  app.get(
    "/v1/events",
    {
      schema: {
        summary: "The organization's timeline live, as Server-Sent Events; resumable with Last-Event-ID",
        tags: ["events"],
        headers: eventStreamHeaders,
        querystring: eventStreamQuery,
        response: { 200: eventStreamResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const keyId = request.caller?.keyId ?? "";
      const held = openByKey.get(keyId) ?? 0;
      if (held >= deps.liveEvents.maxStreamsPerKey)
        return reply
          .status(429)
          .send(
            errorBody(
              "TOO_MANY_STREAMS",
              `this API key already holds ${held} open event streams (EVENTS_MAX_STREAMS_PER_KEY); close one first`,
            ),
          );
      const lastEventId = request.headers["last-event-id"] ?? request.query.lastEventId;
      const position = await startingPosition(deps.liveEvents.feed, organizationId, lastEventId);
      if (!position)
        return reply
          .status(400)
          .send(
            errorBody(
              "UNKNOWN_EVENT_ID",
              `Last-Event-ID ${lastEventId} is not an event of this organization`,
            ),
          );
      reply.hijack();
      const stream = new LiveEventStream(reply.raw, organizationId, deps.liveEvents, reader, () =>
        keyChecks.isActive(keyId),
      );
      open.add(stream);
      openByKey.set(keyId, (openByKey.get(keyId) ?? 0) + 1);
      try {
        await stream.run(position);
      } catch (error) {
        request.log.warn({ err: error }, "live event stream ended by an error");
      } finally {
        open.delete(stream);
        const left = (openByKey.get(keyId) ?? 1) - 1;
        if (left > 0) openByKey.set(keyId, left);
        else openByKey.delete(keyId);
      }
    },
  );
};

/** Now without an id, the very beginning for "0", else just after that event (null if not the organization's). */
function startingPosition(
  feed: TimelineFeed,
  organizationId: string,
  lastEventId: string | undefined,
): Promise<FeedPosition | null> {
  if (lastEventId === undefined) return feed.current();
  if (lastEventId === "0") return Promise.resolve(feed.start());
  return feed.after(organizationId, lastEventId);
}
