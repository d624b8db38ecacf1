// Evolution answers bare JSON on success and {status, error, response: {message}} on failure, where
// message is a nested array (schema errors), an array (thrown exceptions) or a string (runtime errors).

export type EvolutionAnswer = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Any JSON value; null when the text is not JSON (a proxy's HTML page, a truncated body...). */
export function parseEvolutionAnswer(text: string): EvolutionAnswer | null {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** `key.id` of a send's answer (the WhatsApp id), or null. */
export function answerMessageId(answer: EvolutionAnswer | null): string | null {
  if (!isRecord(answer) || !isRecord(answer.key)) return null;
  return typeof answer.key.id === "string" && answer.key.id !== "" ? answer.key.id : null;
}

/** `response.message` of an error answer, as the gateway put it. */
export function errorMessage(answer: EvolutionAnswer | null): unknown {
  return isRecord(answer) && isRecord(answer.response) ? answer.response.message : undefined;
}

/** A field of a JSON object answer, or undefined. */
export function answerField(answer: EvolutionAnswer | null, ...path: string[]): unknown {
  let value: unknown = answer;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}

/** The error message as one line of text, for lastError. */
export function describeError(status: number, answer: EvolutionAnswer | null): string {
  const message = errorMessage(answer);
  if (typeof message === "string") return message;
  if (message !== undefined) return JSON.stringify(message);
  return `HTTP ${status}`;
}
