import type { ServerResponse } from "node:http";

/** Responses the hang fault never answers, destroyed when the sim closes. */
export class HeldResponses {
  private readonly held = new Set<ServerResponse>();

  hold(res: ServerResponse): void {
    this.held.add(res);
    res.once("close", () => this.held.delete(res));
  }

  destroyAll(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }
}
