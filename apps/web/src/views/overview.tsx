import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { endpoints } from "../api/endpoints";
import { loadSession } from "../api/session";
import { INTENT_STATUSES, type InstanceHold, JOB_STATUSES, type Overview } from "../api/types";
import { ActionDialog } from "../components/action-dialog";
import { Card, Empty, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { HoldNote } from "../components/hold-note";
import { ThroughputChart } from "../components/throughput-chart";
import { formatAge } from "../format";
import { useRefetchInterval } from "../live";
import { Link } from "../router";

function Counts({
  statuses,
  counts,
  base,
}: {
  statuses: readonly string[];
  counts: Record<string, number>;
  base: string;
}) {
  return (
    <ul className="counts">
      {statuses.map((status) => (
        <li key={status}>
          <Link to={`${base}?status=${status}`}>
            <span className="count">{counts[status] ?? 0}</span>
            <StatusBadge status={status} />
          </Link>
        </li>
      ))}
    </ul>
  );
}

type Lane = Overview["lanes"][number] & { paused?: boolean; hold?: InstanceHold | null };

type PauseAction = "pause" | "resume";

/**
 * Pausing the organization stops every instance at once; each instance keeps its own flag underneath.
 * The header says so on every page.
 */
function OrganizationPause({ paused }: { paused: boolean }) {
  const client = useQueryClient();
  const [action, setAction] = useState<PauseAction | null>(null);
  return (
    <div className="org-pause">
      <button
        type="button"
        className="small secondary"
        onClick={() => setAction(paused ? "resume" : "pause")}
      >
        {paused ? "Resume all sending" : "Pause all sending"}
      </button>
      {action && (
        <ActionDialog
          title={action === "pause" ? "Pause all sending" : "Resume all sending"}
          description={
            action === "pause"
              ? "Workers stop sending through every instance until you resume; jobs wait."
              : "Workers send again through every instance that is not paused on its own."
          }
          confirmLabel={action === "pause" ? "Pause all" : "Resume all"}
          onClose={() => setAction(null)}
          onConfirm={async (reason) => {
            await endpoints.organizationAction(action, { actor: loadSession()?.actor ?? "operator", reason });
            await client.invalidateQueries();
          }}
        />
      )}
    </div>
  );
}

function Lanes({ lanes }: { lanes: Lane[] }) {
  const client = useQueryClient();
  const [target, setTarget] = useState<{ lane: Lane; action: PauseAction } | null>(null);
  if (lanes.length === 0)
    return (
      <Empty>
        No instances yet. <Link to="/send">Add one and send a test message</Link>.
      </Empty>
    );
  return (
    <>
      <ul className="lanes">
        {lanes.map((lane) => (
          <li key={lane.instanceId} className="lane" aria-label={`instance ${lane.name}`}>
            <div className="lane-head">
              <strong>{lane.name}</strong>
              <span
                className={lane.status === "connected" ? "dot dot-ok" : "dot dot-bad"}
                aria-hidden="true"
              />
              <span>{lane.status === "connected" ? "connected" : lane.status}</span>
              {lane.paused && <StatusBadge status="PAUSED" />}
              {lane.hold && <StatusBadge status="HELD" />}
            </div>
            {lane.hold && <HoldNote hold={lane.hold} />}
            <dl className="lane-figures">
              <div>
                <dt>in flight</dt>
                <dd>{lane.inFlight}</dd>
              </div>
              <div>
                <dt>waiting</dt>
                <dd>{lane.waiting}</dd>
              </div>
              <div>
                <dt>sent, last hour</dt>
                <dd>{lane.sentLastHour}</dd>
              </div>
            </dl>
            {lane.paused !== undefined && (
              <button
                type="button"
                className="small secondary"
                onClick={() => setTarget({ lane, action: lane.paused ? "resume" : "pause" })}
              >
                {lane.paused ? "Resume" : "Pause"}
              </button>
            )}
          </li>
        ))}
      </ul>
      {target && (
        <ActionDialog
          title={`${target.action === "pause" ? "Pause" : "Resume"} ${target.lane.name}`}
          description={
            target.action === "pause"
              ? "Workers stop sending through this instance until it is resumed; its jobs wait."
              : "Workers send through this instance again."
          }
          confirmLabel={target.action === "pause" ? "Pause" : "Resume"}
          onClose={() => setTarget(null)}
          onConfirm={async (reason) => {
            await endpoints.instanceAction(target.lane.instanceId, target.action, {
              actor: loadSession()?.actor ?? "operator",
              reason,
            });
            await client.invalidateQueries();
          }}
        />
      )}
    </>
  );
}

export function OverviewView() {
  const refetchInterval = useRefetchInterval();
  const overview = useQuery({ queryKey: ["overview"], queryFn: endpoints.overview, refetchInterval });
  const instances = useQuery({ queryKey: ["instances"], queryFn: endpoints.instances, refetchInterval });
  // A failed refresh keeps the last figures on screen; the header says since when they are old.
  if (!overview.data)
    return (
      <>
        <h1>Overview</h1>
        {overview.isError ? (
          <ErrorNotice error={overview.error} title="The overview could not be loaded" />
        ) : (
          <Loading />
        )}
      </>
    );
  const stats = overview.data;
  // Unknown until the instances answer: no pause button rather than a wrong one.
  const byId = new Map((instances.data?.items ?? []).map((i) => [i.id, i]));
  const lanes = stats.lanes.map((lane) => {
    const instance = byId.get(lane.instanceId);
    return { ...lane, paused: instance?.paused, hold: instance?.hold };
  });
  const nothingYet = Object.values(stats.intents).every((n) => n === 0);
  return (
    <div className="grid">
      <h1 className="wide">Overview</h1>
      {nothingYet && (
        <div className="notice notice-info wide">
          No messages yet. <Link to="/send">Send a test message</Link> to see the whole path work.
        </div>
      )}
      {stats.unconfirmed > 0 && (
        <div className="notice notice-warn wide" role="status">
          <strong>{stats.unconfirmed} unconfirmed</strong> send{stats.unconfirmed === 1 ? "" : "s"}: the
          gateway may or may not have delivered them.{" "}
          <Link to="/jobs?status=UNCONFIRMED">Review and confirm or resend</Link>.
        </div>
      )}
      <Card title="Intents by status">
        <Counts statuses={INTENT_STATUSES} counts={stats.intents} base="/intents" />
      </Card>
      <Card title="Jobs by status">
        <Counts statuses={JOB_STATUSES} counts={stats.jobs} base="/jobs" />
      </Card>
      <Card title="Throughput (sent per minute)" className="wide">
        <ThroughputChart points={stats.sentPerMinute} />
      </Card>
      <Card title="Backlog">
        <dl className="figures">
          <div>
            <dt>Runnable now</dt>
            <dd data-testid="runnable">{stats.runnable.count}</dd>
          </div>
          <div>
            <dt>Oldest runnable</dt>
            <dd>{formatAge(stats.runnable.oldestAgeMs)}</dd>
          </div>
          <div>
            <dt>Unconfirmed</dt>
            <dd>
              {stats.unconfirmed > 0 ? (
                <Link to="/jobs?status=UNCONFIRMED">{stats.unconfirmed}</Link>
              ) : (
                stats.unconfirmed
              )}
            </dd>
          </div>
        </dl>
      </Card>
      <Card title="Failures by error code">
        {stats.failuresByCode.length === 0 ? (
          <Empty>No failed jobs.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col" className="num">
                  Jobs
                </th>
              </tr>
            </thead>
            <tbody>
              {stats.failuresByCode.map((failure) => (
                <tr key={failure.code}>
                  <td>
                    <code>{failure.code}</code>
                  </td>
                  <td className="num">{failure.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {stats.jobs.FAILED ? <Link to="/jobs?status=FAILED">See failed jobs</Link> : null}
      </Card>
      <Card title="Instances" className="wide">
        {instances.data && <OrganizationPause paused={instances.data.organizationPaused} />}
        <Lanes lanes={lanes} />
      </Card>
    </div>
  );
}
