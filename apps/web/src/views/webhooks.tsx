import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { endpoints } from "../api/endpoints";
import { WEBHOOK_EVENT_TYPES, type WebhookEndpoint } from "../api/types";
import { ActionDialog } from "../components/action-dialog";
import { Card, Empty, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { ListTotal } from "../components/list-total";
import { formatTime } from "../format";
import { useRefetchInterval } from "../live";

const DEFAULT_EVENTS = new Set<string>(["MessageSent", "MessageFailed"]);

/** Registers an endpoint; its signing secret is shown here once and never again. */
function RegisterWebhook() {
  const client = useQueryClient();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState(DEFAULT_EVENTS);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const registered = await endpoints.registerWebhook(url.trim(), [...events]);
      setSecret(registered.secret);
      setUrl("");
      await client.invalidateQueries({ queryKey: ["webhooks"] });
    } catch (caught) {
      setError(caught);
    }
  };
  const toggle = (type: string, on: boolean) =>
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  return (
    <Card title="Add an endpoint">
      <form onSubmit={submit} className="webhook-form">
        <label>
          URL
          <input name="url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <fieldset>
          <legend>Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="check">
              <input
                type="checkbox"
                checked={events.has(type)}
                onChange={(e) => toggle(type, e.target.checked)}
              />
              {type}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={events.size === 0}>
          Add endpoint
        </button>
      </form>
      {error !== null && <ErrorNotice error={error} title="The endpoint was not added" />}
      {secret && (
        <div className="notice notice-warn" role="status">
          <strong>Signing secret, shown only now:</strong> <code data-testid="webhook-secret">{secret}</code>.
          Keep it where your receiver checks signatures; it cannot be shown again.
        </div>
      )}
    </Card>
  );
}

function Deliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const deliveries = useQuery({
    queryKey: ["webhooks", endpoint.id, "deliveries"],
    queryFn: () => endpoints.webhookDeliveries(endpoint.id),
    refetchInterval: useRefetchInterval(),
  });
  if (!deliveries.data) return deliveries.isError ? <ErrorNotice error={deliveries.error} /> : <Loading />;
  if (deliveries.data.items.length === 0) return <Empty>No deliveries yet.</Empty>;
  return (
    <>
      <ListTotal page={deliveries.data} noun="delivery" />
      <table aria-label={`deliveries to ${endpoint.url}`}>
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.items.map((delivery) => {
            const last = delivery.log.at(-1);
            return (
              <tr key={delivery.id}>
                <td>{formatTime(delivery.createdAt)}</td>
                <td>{delivery.eventType}</td>
                <td>
                  <StatusBadge status={delivery.status} />
                </td>
                <td className="num">{delivery.attempts}</td>
                <td>{last ? (last.error ?? `HTTP ${last.statusCode}`) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function EndpointCard({ endpoint }: { endpoint: WebhookEndpoint }) {
  const client = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  return (
    <Card title={endpoint.url} className="wide">
      <p className="muted">
        {endpoint.events.join(", ")} · since {formatTime(endpoint.createdAt)}
      </p>
      <Deliveries endpoint={endpoint} />
      <button type="button" className="small secondary" onClick={() => setDeleting(true)}>
        Delete endpoint
      </button>
      {deleting && (
        <ActionDialog
          title={`Delete the endpoint ${endpoint.url}`}
          description="No more events are sent to it, and the deliveries it is still owed are dropped."
          confirmLabel="Delete endpoint"
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await endpoints.deleteWebhook(endpoint.id);
            await client.invalidateQueries({ queryKey: ["webhooks"] });
          }}
        />
      )}
    </Card>
  );
}

/** Outbound webhook endpoints of the organization and what was delivered to each. */
export function WebhooksView() {
  const list = useQuery({ queryKey: ["webhooks"], queryFn: endpoints.webhooks });
  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">Webhooks</h1>
      <div className="grid">
        <RegisterWebhook />
        {!list.data && (list.isError ? <ErrorNotice error={list.error} /> : <Loading />)}
        {list.data?.items.length === 0 && <Empty>No endpoints yet.</Empty>}
        {list.data?.items.map((endpoint) => (
          <EndpointCard key={endpoint.id} endpoint={endpoint} />
        ))}
      </div>
    </section>
  );
}
