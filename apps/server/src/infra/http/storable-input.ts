import type { FastifyInstance } from "fastify";
import { HttpError } from "./http-error";

/** Deeper than any payload a route means to take; deeper still would overflow the stack when stored. */
export const MAX_INPUT_DEPTH = 32;

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. PostgreSQL cannot
 * store U+0000 at all; the others have no business in a message, a name or an operator's note.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** In Unicode mode a surrogate pair is one code point: only an unpaired half is in category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `text` cannot be taken as is, or null. A lone surrogate is no character: UTF-8 cannot carry it. */
function unstorableText(text: string): string | null {
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return `contains the control character U+${code}`;
  }
  return LONE_SURROGATE.test(text) ? "contains a lone UTF-16 surrogate (not valid Unicode)" : null;
}

/**
 * The first place in a parsed body, query or set of path parameters that PostgreSQL cannot store
 * faithfully (or that nests deeper than MAX_INPUT_DEPTH), as `"<path>: <why>"`, or null. Walks
 * without recursion, so that a hostile depth cannot overflow the stack here either.
 */
export function firstUnstorable(root: unknown, rootPath: string): string | null {
  const pending: [unknown, string, number][] = [[root, rootPath, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path, depth] = next;
    if (typeof value === "string") {
      const why = unstorableText(value);
      if (why) return `${path}: ${why}`;
    } else if (typeof value === "object" && value !== null) {
      if (depth >= MAX_INPUT_DEPTH) return `${path}: nested deeper than ${MAX_INPUT_DEPTH} levels`;
      for (const [key, child] of Object.entries(value)) {
        const why = unstorableText(key);
        if (why) return `${path}: a key ${why}`;
        pending.push([child, `${path}.${key}`, depth + 1]);
      }
    }
  }
  return null;
}

/** Refuses, before any schema or use case sees it, input that PostgreSQL would fail on with a 500. */
export function registerStorableInputCheck(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const problem =
      firstUnstorable(request.params, "params") ??
      firstUnstorable(request.query, "querystring") ??
      firstUnstorable(request.body, "body");
    if (problem) throw new HttpError(400, "VALIDATION_ERROR", problem);
  });
}
