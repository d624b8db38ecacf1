import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { followEvents, type StreamState } from "./api/event-stream";

const POLL_MS = 2_000;
/** With the stream on, a slow poll still catches what no timeline row announces. */
const SAFETY_POLL_MS = 15_000;

const LiveContext = createContext<StreamState>("connecting");

/**
 * Live updates: every timeline row the server streams refreshes the data on screen. When the server
 * has no event stream, queries poll every 2 s instead.
 */
export function LiveUpdates({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>("connecting");
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    const stop = followEvents({
      onState: setState,
      onEntry: () => {
        // A burst of events refreshes once.
        pending ??= setTimeout(() => {
          pending = null;
          void client.invalidateQueries();
        }, 200);
      },
    });
    return () => {
      stop();
      if (pending) clearTimeout(pending);
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
