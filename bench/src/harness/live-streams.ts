import { BENCH_API_KEY } from "../systems/executor-process";

export interface LiveStreams {
  close(): Promise<void>;
}

/** `count` clients following `GET /v1/events` of the executor at `url`, each reading everything it is sent. */
export async function openLiveStreams(url: string, count: number): Promise<LiveStreams> {
  const aborter = new AbortController();
  const readers = await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(`${url}/v1/events`, {
        headers: { authorization: `Bearer ${BENCH_API_KEY}` },
        signal: aborter.signal,
      });
      if (response.status !== 200 || !response.body) throw new Error(`live stream: HTTP ${response.status}`);
      const reader = response.body.getReader();
      // Wrapped: an async function returning the read loop itself would wait for it to end.
      return {
        done: (async () => {
          for (;;) if ((await reader.read()).done) return;
        })().catch(() => {}),
      };
    }),
  );
  return {
    close: async () => {
      aborter.abort();
      await Promise.all(readers.map((reader) => reader.done));
    },
  };
}
