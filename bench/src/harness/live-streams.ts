import http from "node:http";
import { BENCH_API_KEY } from "../systems/executor-process";

export interface LiveStreams {
  close(): Promise<void>;
}

/**
 * `count` clients following `GET /v1/events` of the executor at `url`, each reading everything it is
 * sent. node:http rather than fetch: fetch's stream readers cost this machine more CPU per event than
 * the executor's writes, and the bench shares its cores with the executor under test.
 */
export async function openLiveStreams(url: string, count: number): Promise<LiveStreams> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: count });
  const requests: http.ClientRequest[] = [];
  const streams = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<{ ended: Promise<void> }>((opened, failed) => {
          const request = http.get(`${url}/v1/events`, {
            agent,
            headers: { authorization: `Bearer ${BENCH_API_KEY}` },
          });
          requests.push(request);
          request.on("error", failed);
          request.on("response", (response) => {
            if (response.statusCode !== 200) {
              failed(new Error(`live stream: HTTP ${response.statusCode}`));
              return;
            }
            response.resume();
            // Closing destroys the request, which errors its response: that is the end, not a failure.
            response.on("error", () => {});
            // Wrapped: a promise resolved with a promise would wait for the stream's end.
            opened({ ended: new Promise<void>((done) => response.on("close", () => done())) });
          });
        }),
    ),
  );
  return {
    close: async () => {
      for (const request of requests) request.destroy();
      await Promise.all(streams.map((stream) => stream.ended));
      agent.destroy();
    },
  };
}
