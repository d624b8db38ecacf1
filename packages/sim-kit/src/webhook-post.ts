import http from "node:http";
import https from "node:https";

// node:http with a keep-alive pool rather than fetch: under benchmark load every send fans out into
// five deliveries, and fetch + AbortSignal per delivery starved the event loop.

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export class WebhookPoster {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly active = new Set<http.ClientRequest>();

  /** Resolves the answer's status, 0 when none came; never rejects. */
  post(request: WebhookRequest): Promise<number> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(0);
    }
    const secure = url.protocol === "https:";
    return new Promise((resolve) => {
      const req = (secure ? https : http).request(url, {
        method: "POST",
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: { ...request.headers, "Content-Length": Buffer.byteLength(request.body) },
        timeout: request.timeoutMs,
      });
      this.active.add(req);
      const finish = (status: number) => {
        this.active.delete(req);
        resolve(status);
      };
      req.on("response", (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        res.on("end", () => finish(status));
        res.on("error", () => finish(0));
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => finish(0));
      req.on("close", () => finish(0));
      req.end(request.body);
    });
  }

  stop(): void {
    for (const req of this.active) req.destroy();
    this.active.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
