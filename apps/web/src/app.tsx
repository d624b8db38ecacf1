import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { onUnauthorized } from "./api/client";
import { clearSession, loadSession, type Session } from "./api/session";
import { OrganizationPausedBanner } from "./components/organization-paused-banner";
import { focusIsLost, focusMainHeading } from "./focus";
import { formatClock } from "./format";
import { LiveUpdates, useOfflineSince, useStreamState } from "./live";
import { Link, useLocation } from "./router";
import { ApiKeysView } from "./views/api-keys";
import { InstanceDetailView } from "./views/instance-detail";
import { InstancesView } from "./views/instances";
import { IntentsView } from "./views/intents";
import { JobsView } from "./views/jobs";
import { MessageDetailView } from "./views/message-detail";
import { OverviewView } from "./views/overview";
import { SendTestView } from "./views/send-test";
import { SignInView } from "./views/sign-in";
import { WebhooksView } from "./views/webhooks";

const NAV = [
  { to: "/", label: "Overview" },
  { to: "/intents", label: "Intents" },
  { to: "/jobs", label: "Jobs" },
  { to: "/instances", label: "Instances" },
  { to: "/webhooks", label: "Webhooks" },
  { to: "/api-keys", label: "API keys" },
  { to: "/send", label: "Send test" },
];

function LiveIndicator() {
  const state = useStreamState();
  const offlineSince = useOfflineSince();
  if (offlineSince) {
    return (
      <span
        className="live live-offline"
        role="status"
        title="The figures on screen are the last ones received"
      >
        offline since {formatClock(offlineSince)}
      </span>
    );
  }
  const label = state === "live" ? "live" : state === "unavailable" ? "polling every 2 s" : "connecting…";
  return (
    <span className={`live live-${state}`} role="status" title="How this page stays up to date">
      {label}
    </span>
  );
}

function Routes() {
  const { path } = useLocation();
  const detail = path.match(/^\/intents\/([0-9a-f-]{36})$/i);
  if (detail?.[1]) return <MessageDetailView id={detail[1]} />;
  const instance = path.match(/^\/instances\/([0-9a-f-]{36})$/i);
  if (instance?.[1]) return <InstanceDetailView id={instance[1]} />;
  if (path === "/intents") return <IntentsView />;
  if (path === "/jobs") return <JobsView />;
  if (path === "/instances") return <InstancesView />;
  if (path === "/webhooks") return <WebhooksView />;
  if (path === "/api-keys") return <ApiKeysView />;
  if (path === "/send") return <SendTestView />;
  if (path === "/") return <OverviewView />;
  return (
    <p className="empty">
      No page here. <Link to="/">Go to the overview</Link>.
    </p>
  );
}

/**
 * A new page moves focus to its heading (announced); a new query string (filters, paging) only
 * rescues focus that fell to the body when the list re-rendered. Runs after the page rendered.
 */
function useFocusOnNavigation(path: string, search: string): void {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for a new path only
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    focusMainHeading();
  }, [path]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for a new query string only
  useEffect(() => {
    const timer = setTimeout(() => focusIsLost() && focusMainHeading(), 0);
    return () => clearTimeout(timer);
  }, [search]);
}

function Shell({ session, onSignOut }: { session: Session; onSignOut(): void }) {
  const { path, search } = useLocation();
  useFocusOnNavigation(path, search.toString());
  const section = NAV.slice(1).find((item) => path.startsWith(item.to))?.to ?? "/";
  return (
    <LiveUpdates>
      <header className="top">
        <a className="skip" href="#main">
          Skip to content
        </a>
        <strong className="brand">WhatLead Executor</strong>
        <nav aria-label="main">
          {NAV.map((item) => (
            <Link key={item.to} to={item.to} aria-current={section === item.to ? "page" : undefined}>
              {item.label}
            </Link>
          ))}
        </nav>
        <LiveIndicator />
        <span className="who">{session.actor}</span>
        <button type="button" className="small secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <OrganizationPausedBanner />
      <main id="main">
        <Routes />
      </main>
    </LiveUpdates>
  );
}

export function App() {
  const client = useQueryClient();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [expired, setExpired] = useState(false);
  useEffect(
    () =>
      onUnauthorized(() => {
        clearSession();
        client.clear();
        setExpired(true);
        setSession(null);
      }),
    [client],
  );
  if (!session) {
    return (
      <SignInView
        expired={expired}
        onSignedIn={(s) => {
          setExpired(false);
          setSession(s);
        }}
      />
    );
  }
  return (
    <Shell
      session={session}
      onSignOut={() => {
        clearSession();
        client.clear();
        setSession(null);
      }}
    />
  );
}
