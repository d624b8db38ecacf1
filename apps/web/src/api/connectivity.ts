type Listener = () => void;

let offlineSince: Date | null = null;
const listeners = new Set<Listener>();

/**
 * Whether the server answers, as the last request found out. A proxy's 502/503/504 counts as no
 * answer; any other status, even an error, means the server is there.
 */
export function reportReachable(reachable: boolean): void {
  if (reachable === (offlineSince === null)) return;
  offlineSince = reachable ? null : new Date();
  for (const listener of listeners) listener();
}

export function isUnreachableStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

/** Since when the server has not answered, or null while it does. */
export function getOfflineSince(): Date | null {
  return offlineSince;
}

export function subscribeConnectivity(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
