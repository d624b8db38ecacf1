import { writeJson } from "@whatlead/sim-kit";
import { str } from "../body-shape";
import { readRequestBody } from "../request-body";
import type { RouteCall } from "../route-call";
import { type SimControl, UnknownInstanceError } from "../sim-control";

// Test plumbing under /_sim: no auth, plain JSON (not the gateway envelope), never benchmarked.

type ControlHandler = (call: RouteCall, control: SimControl) => void | Promise<void>;

async function readObject(call: RouteCall): Promise<Record<string, unknown> | undefined> {
  const decoded = await readRequestBody(call, {});
  if (!decoded.ok) return undefined;
  if (decoded.body === undefined) {
    writeJson(call.res, 400, { error: "body must be a JSON object" });
    return undefined;
  }
  return decoded.body;
}

const getSends: ControlHandler = (call, control) => {
  writeJson(call.res, 200, { sends: control.sends });
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
  try {
    writeJson(call.res, 201, control.createInstance(str(body, "name"), { connected }));
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
  "POST faults": postFaults,
  "POST reset": postReset,
  "GET stats": getStats,
  "POST instances": postInstance,
  "POST instances/:name/connected": postConnected,
  "POST instances/:name/pair": postPair,
};

/** segments are ["_sim", resource] or ["_sim", "instances", name, action]. */
function findControlHandler(method: string, segments: string[]): ControlHandler | undefined {
  if (segments.length === 2) return CONTROL_ROUTES[`${method} ${segments[1]}`];
  if (segments.length === 4) return CONTROL_ROUTES[`${method} ${segments[1]}/:name/${segments[3]}`];
  return undefined;
}

/** Returns false when no control route matched. segments[0] is "_sim". */
export async function handleControl(call: RouteCall, control: SimControl): Promise<boolean> {
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
