import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, writeJson } from "./http-io";

// Test plumbing under /_sim, the same on every simulator: no auth, plain JSON (not the gateway's
// envelope), never benchmarked.

export class UnknownInstanceError extends Error {
  constructor(sim: string, name: string) {
    super(`${sim}: unknown instance "${name}"`);
  }
}

/** The test-facing operations every simulator offers, programmatically and under /_sim. */
export interface SimControlSurface {
  readonly sends: readonly unknown[];
  readonly presences: readonly unknown[];
  readonly checks: readonly unknown[];
  setFaults(patch: Record<string, unknown>): object;
  resetFaults(): void;
  clear(): void;
  stats(): { inFlight: number; maxInFlightByInstance: Record<string, number>; sends: number };
  /** Throws when the name is taken. */
  createInstance(name: string, opts: { connected?: boolean }): object;
  /** These throw UnknownInstanceError for a name the sim does not know. */
  setConnected(name: string, connected: boolean): void;
  pair(name: string): void;
  instanceState(name: string): object;
}

interface ControlCall {
  req: IncomingMessage;
  res: ServerResponse;
  segments: string[];
}

type ControlHandler = (call: ControlCall, control: SimControlSurface) => void | Promise<void>;

const CONTROL_BODY_LIMIT = 1024 * 1024;

async function readObject(call: ControlCall): Promise<Record<string, unknown> | undefined> {
  const result = await readBody(call.req, CONTROL_BODY_LIMIT);
  if (!result.ok) return undefined;
  let parsed: unknown;
  try {
    parsed = result.raw.length === 0 ? {} : JSON.parse(result.raw.toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    writeJson(call.res, 400, { error: "body must be a JSON object" });
    return undefined;
  }
  return parsed as Record<string, unknown>;
}

const getSends: ControlHandler = (call, control) => {
  writeJson(call.res, 200, { sends: control.sends });
};

const getPresences: ControlHandler = (call, control) => {
  writeJson(call.res, 200, { presences: control.presences });
};

const getChecks: ControlHandler = (call, control) => {
  writeJson(call.res, 200, { checks: control.checks });
};

const postFaults: ControlHandler = async (call, control) => {
  const body = await readObject(call);
  if (body !== undefined) writeJson(call.res, 200, control.setFaults(body));
};

const postReset: ControlHandler = (call, control) => {
  control.clear();
  control.resetFaults();
  writeJson(call.res, 200, { ok: true });
};

const getStats: ControlHandler = (call, control) => {
  writeJson(call.res, 200, control.stats());
};

const postInstance: ControlHandler = async (call, control) => {
  const body = await readObject(call);
  if (body === undefined) return;
  const connected = typeof body.connected === "boolean" ? body.connected : undefined;
  const name = typeof body.name === "string" ? body.name : "";
  try {
    writeJson(call.res, 201, control.createInstance(name, { connected }));
  } catch (error) {
    writeJson(call.res, 409, { error: (error as Error).message });
  }
};

const postConnected: ControlHandler = async (call, control) => {
  const body = await readObject(call);
  if (body === undefined) return;
  if (typeof body.connected !== "boolean")
    return writeJson(call.res, 400, { error: "connected must be a boolean" });
  const name = call.segments[2] ?? "";
  control.setConnected(name, body.connected);
  writeJson(call.res, 200, control.instanceState(name));
};

const postPair: ControlHandler = (call, control) => {
  const name = call.segments[2] ?? "";
  control.pair(name);
  writeJson(call.res, 200, control.instanceState(name));
};

const CONTROL_ROUTES: Record<string, ControlHandler> = {
  "GET sends": getSends,
  "GET presences": getPresences,
  "GET checks": getChecks,
  "POST faults": postFaults,
  "POST reset": postReset,
  "GET stats": getStats,
  "POST instances": postInstance,
  "POST instances/:name/connected": postConnected,
  "POST instances/:name/pair": postPair,
};

/** segments are ["_sim", resource] or ["_sim", "instances", name, action]. */
function findControlHandler(method: string, segments: string[]): ControlHandler | undefined {
  if (segments[0] !== "_sim") return undefined;
  if (segments.length === 2) return CONTROL_ROUTES[`${method} ${segments[1]}`];
  if (segments.length === 4) return CONTROL_ROUTES[`${method} ${segments[1]}/:name/${segments[3]}`];
  return undefined;
}

/** Returns false when no control route matched. */
export async function handleControl(call: ControlCall, control: SimControlSurface): Promise<boolean> {
  const handler = findControlHandler(call.req.method ?? "GET", call.segments);
  if (handler === undefined) return false;
  try {
    await handler(call, control);
  } catch (error) {
    if (!(error instanceof UnknownInstanceError)) throw error;
    writeJson(call.res, 404, { error: error.message });
  }
  return true;
}
