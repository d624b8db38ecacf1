// Go's time.Time in JSON: RFC 3339 with the gateway's zone offset; the sim's zone is São Paulo (-03:00).
const OFFSET_MS = -3 * 60 * 60 * 1000;

export function gatewayTimestamp(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}-03:00`;
}
