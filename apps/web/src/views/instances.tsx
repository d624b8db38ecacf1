import { useQuery } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";
import type { Instance, Overview } from "../api/types";
import { Card, Empty, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { useRefetchInterval } from "../live";
import { Link } from "../router";

export type Lane = Overview["lanes"][number];

/** "n (p %)" of a part of the sends; a dash when nothing was sent. */
function share(part: number, sent: number): string {
  return sent === 0 ? "—" : `${part} (${Math.round((part / sent) * 100)} %)`;
}

export function Health({ lane }: { lane: Lane | undefined }) {
  if (!lane) return <p className="muted">No figures yet.</p>;
  const { health, sentLastHour: sent } = lane;
  return (
    <dl className="lane-figures health">
      <div>
        <dt>sent</dt>
        <dd>{sent}</dd>
      </div>
      <div>
        <dt>failed</dt>
        <dd>{health.failed}</dd>
      </div>
      <div>
        <dt>delivered</dt>
        <dd>{share(health.delivered, sent)}</dd>
      </div>
      <div>
        <dt>read</dt>
        <dd>{share(health.read, sent)}</dd>
      </div>
      <div>
        <dt>no receipt after 10 min</dt>
        <dd className={health.withoutReceipt > 0 ? "warn-figure" : undefined}>
          {share(health.withoutReceipt, sent)}
        </dd>
      </div>
    </dl>
  );
}

/**
 * One number: what the gateway says about it, its last hour's health, and its jobs. Sections for
 * the number's own settings (pacing, sending window, hold) go here as they arrive.
 */
function InstanceCard({ instance, lane }: { instance: Instance; lane: Lane | undefined }) {
  const jobs = `/jobs?instanceId=${instance.id}`;
  return (
    <Card title={instance.name} className="instance-card">
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          {instance.status} {instance.paused && <StatusBadge status="PAUSED" />}
        </dd>
        <dt>Phone number</dt>
        <dd>{instance.phoneNumber ?? "not paired yet"}</dd>
        <dt>Gateway</dt>
        <dd>{instance.provider}</dd>
        <dt>Waiting / in flight</dt>
        <dd>{lane ? `${lane.waiting} / ${lane.inFlight}` : "—"}</dd>
      </dl>
      <h3>Last hour</h3>
      <Health lane={lane} />
      <p>
        <Link to={`/instances/${instance.id}`}>Manage {instance.name}</Link> ·{" "}
        <Link to={`${jobs}&status=FAILED`}>Failed jobs</Link> · <Link to={jobs}>All jobs</Link>
      </p>
    </Card>
  );
}

/** Every number of the organization, with its health over the last hour. */
export function InstancesView() {
  const refetchInterval = useRefetchInterval();
  const instances = useQuery({ queryKey: ["instances"], queryFn: endpoints.instances, refetchInterval });
  const overview = useQuery({ queryKey: ["overview"], queryFn: endpoints.overview, refetchInterval });
  const lanes = new Map((overview.data?.lanes ?? []).map((lane) => [lane.instanceId, lane]));
  return (
    <section aria-labelledby="instances-title">
      <h1 id="instances-title">Instances</h1>
      {!instances.data && (instances.isError ? <ErrorNotice error={instances.error} /> : <Loading />)}
      {instances.data?.items.length === 0 && (
        <Empty>
          No instances yet. <Link to="/send">Add one and send a test message</Link>.
        </Empty>
      )}
      <div className="grid">
        {instances.data?.items.map((instance) => (
          <InstanceCard key={instance.id} instance={instance} lane={lanes.get(instance.id)} />
        ))}
      </div>
    </section>
  );
}
