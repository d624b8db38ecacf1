import { connect, createServer, type Socket } from "node:net";

/**
 * `open`: bytes flow both ways. `cut`: nothing flows either way, nor is anything lost: both sides
 * wait, as across a partition until TCP gives up (new connections are accepted and wait too).
 * `drop-answers`: what the host sends arrives; what comes back is thrown away (one-way partition).
 */
export type LinkState = "open" | "cut" | "drop-answers";

export interface TcpRelay {
  port: number;
  set(state: LinkState): void;
  close(): Promise<void>;
}

/** A TCP relay from `host`:<free port> to `target`, the test's switch for one host's link to one service. */
export async function startTcpRelay(host: string, target: { host: string; port: number }): Promise<TcpRelay> {
  let state: LinkState = "open";
  const pairs = new Set<[Socket, Socket]>();
  const apply = ([client, upstream]: [Socket, Socket]) => {
    for (const socket of [client, upstream]) {
      if (state === "cut") socket.pause();
      else socket.resume();
    }
  };
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (state !== "drop-answers") client.write(chunk);
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on("error", end);
      socket.on("close", end);
    }
    apply(pair);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : 0,
    set: (next) => {
      state = next;
      for (const pair of pairs) apply(pair);
    },
    close: async () => {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
