import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { endpoints } from "../api/endpoints";
import { loadSession } from "../api/session";
import type { Intent } from "../api/types";
import { Card, ErrorNotice, StatusBadge } from "../components/common";
import { useRefetchInterval } from "../live";
import { Link } from "../router";

function AddInstance({ first }: { first: boolean }) {
  const client = useQueryClient();
  const [name, setName] = useState(first ? "demo" : "");
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await endpoints.registerInstance(name.trim());
      await client.invalidateQueries();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="add instance">
      <label>
        {first ? "No instance yet: name one (the embedded simulator connects it at once)" : "Add an instance"}
        <input name="instanceName" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <button type="submit" className="secondary">
        Add instance
      </button>
      {error !== null && <ErrorNotice error={error} title="The instance could not be added" />}
    </form>
  );
}

function SentStatus({ id }: { id: string }) {
  const intent = useQuery({
    queryKey: ["intent", id],
    queryFn: () => endpoints.intent(id),
    refetchInterval: useRefetchInterval(),
  });
  const ref = useRef<HTMLParagraphElement>(null);
  // The submit button is disabled while sending, which drops focus: the result takes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per sent message
  useEffect(() => ref.current?.focus(), [id]);
  return (
    <p ref={ref} tabIndex={-1} className="notice notice-info" role="status">
      Test message <Link to={`/intents/${id}`}>{id.slice(0, 8)}</Link> created and approved:{" "}
      {intent.data ? <StatusBadge status={intent.data.status} /> : "…"}{" "}
      <Link to="/intents">See it in the intents table</Link>.
    </p>
  );
}

/** A first message end to end: create an intent, approve it on the chosen instance, watch it go out. */
export function SendTestView() {
  const client = useQueryClient();
  const instances = useQuery({ queryKey: ["instances"], queryFn: endpoints.instances });
  const [instanceId, setInstanceId] = useState("");
  const [phone, setPhone] = useState("5511999990001");
  const [text, setText] = useState("Hello from WhatLead Executor");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Intent | null>(null);
  const items = instances.data?.items ?? [];
  const chosen = instanceId || items[0]?.id || "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const intent = await endpoints.createTextIntent(phone.trim(), text);
      await endpoints.approveIntent(intent.id, chosen, loadSession()?.actor ?? "operator");
      setSent(intent);
      await client.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="send-title">
      <h1 id="send-title">Send a test message</h1>
      <Card title="Message">
        {instances.isError && <ErrorNotice error={instances.error} title="Instances could not be loaded" />}
        {instances.data && items.length === 0 && <AddInstance first />}
        <form className="stack" onSubmit={submit} aria-label="send test message">
          <label>
            Instance
            <select
              name="instanceId"
              value={chosen}
              onChange={(e) => setInstanceId(e.target.value)}
              disabled={items.length === 0}
              required
            >
              {items.map((instance) => (
                <option key={instance.id} value={instance.id}>
                  {instance.name} ({instance.status})
                </option>
              ))}
            </select>
          </label>
          <label>
            Phone number
            <input
              name="phone"
              inputMode="tel"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              required
              placeholder="5511999990001"
            />
          </label>
          <label>
            Text
            <textarea name="text" value={text} onChange={(e) => setText(e.target.value)} required />
          </label>
          <button type="submit" disabled={busy || !chosen}>
            {busy ? "Sending…" : "Send test message"}
          </button>
        </form>
        {error !== null && <ErrorNotice error={error} title="The test message was not sent" />}
        {sent && <SentStatus id={sent.id} />}
      </Card>
      {items.length > 0 && (
        <details className="more">
          <summary>Add another instance</summary>
          <AddInstance first={false} />
        </details>
      )}
    </section>
  );
}
