import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { getOfflineSince, subscribeConnectivity } from "./api/connectivity";
import { followEvents, type StreamState } from "./api/event-stream";
import { coalesceRefreshes } from "./api/refresh-coalescer";

const POLL_MS = 2_000;
/** With the stream on, a slow poll still catches what no timeline row announces. */
const SAFETY_POLL_MS = 15_000;

const LiveContext = createContext<StreamState>("connecting");

/**
 * Live updates: timeline rows the server streams refresh the data on screen, coalesced (a drain of
 * a thousand messages must not reload every query per event). When the server has no event
 * stream, queries poll every 2 s instead.
 */
export function LiveUpdates({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>("connecting");
  useEffect(() => {
    const refreshes = coalesceRefreshes(() => client.invalidateQueries());
    const stopFollowing = followEvents({ onState: setState, onEntry: () => refreshes.changed() });
    // Back from an outage: bring every figure up to date at once rather than at the next poll.
    const stopWatching = subscribeConnectivity(() => {
      if (getOfflineSince() === null) refreshes.changed();
    });
    return () => {
      stopFollowing();
      stopWatching();
      refreshes.stop();
    };
  }, [client]);
  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useStreamState(): StreamState {
  return useContext(LiveContext);
}

/** How often a query on screen refreshes itself. */
export function useRefetchInterval(): number {
  return useContext(LiveContext) === "live" ? SAFETY_POLL_MS : POLL_MS;
}

/** Since when the server has not answered, or null while it does. */
export function useOfflineSince(): Date | null {
  return useSyncExternalStore(subscribeConnectivity, getOfflineSince);
}
