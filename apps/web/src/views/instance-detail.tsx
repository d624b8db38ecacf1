import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { endpoints } from "../api/endpoints";
import type { Instance, InstanceChanges, Pacing, SendingWindow } from "../api/types";
import { Card, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { HoldNote } from "../components/hold-note";
import { RecipientCheckSetting } from "../components/recipient-check-setting";
import { useRefetchInterval } from "../live";
import { Link } from "../router";
import { Health, type Lane } from "./instances";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const NO_PACING: Pacing = {
  minIntervalMs: 0,
  jitterMs: 0,
  maxPerMinute: null,
  maxPerHour: null,
  maxPerDay: null,
  typing: false,
};
const OFFICE_HOURS: SendingWindow = {
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  days: [1, 2, 3, 4, 5],
  start: "09:00",
  end: "18:00",
};

/**
 * Sends one change to the instance and says how it went. The page keeps the message: each form
 * starts afresh from the saved settings.
 */
function useSaver(instance: Instance) {
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (changes: InstanceChanges, what: string) => {
    setError(null);
    setSaved(null);
    try {
      await endpoints.updateInstance(instance.id, changes);
      setSaved(what);
      await client.invalidateQueries({ queryKey: ["instances"] });
    } catch (caught) {
      setError(caught);
    }
  };
  const feedback = (
    <>
      {error !== null && <ErrorNotice error={error} title="Not saved" />}
      {saved && (
        <p className="hint" role="status">
          {saved}
        </p>
      )}
    </>
  );
  return { save, feedback };
}

type Save = (changes: InstanceChanges, what: string) => Promise<void>;

function Rename({ instance, save }: { instance: Instance; save: Save }) {
  const [name, setName] = useState(instance.name);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save({ name: name.trim() }, `Renamed to ${name.trim()}.`);
  };
  return (
    <Card title="Name">
      <form onSubmit={submit} className="inline-form">
        <label>
          Name
          <input
            name="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" disabled={name.trim() === instance.name}>
          Rename
        </button>
      </form>
    </Card>
  );
}

/** A cap field: empty means no cap. */
const capOf = (text: string): number | null => (text.trim() === "" ? null : Number(text));
const textOf = (value: number | null): string => (value === null ? "" : String(value));

function PacingForm({ instance, save }: { instance: Instance; save: Save }) {
  const current = instance.pacing ?? NO_PACING;
  const [draft, setDraft] = useState({
    minIntervalMs: String(current.minIntervalMs),
    jitterMs: String(current.jitterMs),
    maxPerMinute: textOf(current.maxPerMinute),
    maxPerHour: textOf(current.maxPerHour),
    maxPerDay: textOf(current.maxPerDay),
  });
  const [typing, setTyping] = useState(current.typing);
  const field = (name: keyof typeof draft, label: string, placeholder: string) => (
    <label>
      {label}
      <input
        name={name}
        type="number"
        min={name.startsWith("max") ? 1 : 0}
        placeholder={placeholder}
        value={draft[name]}
        onChange={(e) => setDraft((d) => ({ ...d, [name]: e.target.value }))}
      />
    </label>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const pacing: Pacing = {
      minIntervalMs: Number(draft.minIntervalMs || 0),
      jitterMs: Number(draft.jitterMs || 0),
      maxPerMinute: capOf(draft.maxPerMinute),
      maxPerHour: capOf(draft.maxPerHour),
      maxPerDay: capOf(draft.maxPerDay),
      typing,
    };
    void save({ pacing }, "Pacing saved.");
  };
  return (
    <Card title="Pacing and typing">
      <p className="muted">
        {instance.pacing
          ? "This number is paced as below."
          : "Not paced: it sends as fast as the gateway allows."}
      </p>
      <form onSubmit={submit} className="settings-form" aria-label="pacing">
        {field("minIntervalMs", "Gap between sends (ms)", "0")}
        {field("jitterMs", "Random extra gap up to (ms)", "0")}
        {field("maxPerMinute", "At most per minute", "no cap")}
        {field("maxPerHour", "At most per hour", "no cap")}
        {field("maxPerDay", "At most per day", "no cap")}
        <label className="check">
          <input
            type="checkbox"
            name="typing"
            checked={typing}
            onChange={(e) => setTyping(e.target.checked)}
          />
          Show “typing…” before each message
        </label>
        <div className="filter-buttons">
          <button type="submit">Save pacing</button>
          {instance.pacing && (
            <button
              type="button"
              className="secondary"
              onClick={() => void save({ pacing: null }, "Pacing removed.")}
            >
              Remove pacing
            </button>
          )}
        </div>
      </form>
    </Card>
  );
}

function WindowForm({ instance, save }: { instance: Instance; save: Save }) {
  const current = instance.sendingWindow ?? OFFICE_HOURS;
  const [draft, setDraft] = useState(current);
  const toggleDay = (day: number, on: boolean) =>
    setDraft((d) => ({
      ...d,
      days: on ? [...d.days, day].sort((a, b) => a - b) : d.days.filter((x) => x !== day),
    }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save({ sendingWindow: draft }, "Sending window saved.");
  };
  return (
    <Card title="Sending window">
      <p className="muted">
        {instance.sendingWindow
          ? "Outside this window its messages wait (no attempt spent)."
          : "No window: it sends at any hour."}
      </p>
      <form onSubmit={submit} className="settings-form" aria-label="sending window">
        <label>
          Time zone
          <input
            name="timeZone"
            required
            value={draft.timeZone}
            onChange={(e) => setDraft((d) => ({ ...d, timeZone: e.target.value }))}
          />
        </label>
        <fieldset>
          <legend>Days</legend>
          {WEEKDAYS.map((label, index) => (
            <label key={label} className="check">
              <input
                type="checkbox"
                checked={draft.days.includes(index + 1)}
                onChange={(e) => toggleDay(index + 1, e.target.checked)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          From
          <input
            name="start"
            type="time"
            required
            value={draft.start}
            onChange={(e) => setDraft((d) => ({ ...d, start: e.target.value }))}
          />
        </label>
        <label>
          Until
          <input
            name="end"
            type="time"
            required
            value={draft.end}
            onChange={(e) => setDraft((d) => ({ ...d, end: e.target.value }))}
          />
        </label>
        <div className="filter-buttons">
          <button type="submit" disabled={draft.days.length === 0}>
            Save window
          </button>
          {instance.sendingWindow && (
            <button
              type="button"
              className="secondary"
              onClick={() => void save({ sendingWindow: null }, "Sending window removed.")}
            >
              Remove window
            </button>
          )}
        </div>
      </form>
    </Card>
  );
}

/** Asks the gateway to connect the number again; the status shown is the gateway's answer. */
function Reconnect({ instance }: { instance: Instance }) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState<string | null>(null);
  const reconnect = async () => {
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      const after = await endpoints.reconnectInstance(instance.id);
      setAnswer(`The gateway says: ${after.status}.`);
      await client.invalidateQueries({ queryKey: ["instances"] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={() => void reconnect()}>
        {busy ? "Reconnecting…" : "Reconnect"}
      </button>
      {answer && (
        <p className="hint" role="status">
          {answer}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} title="The gateway was not reached" />}
    </>
  );
}

/** One number: what the gateway says about it, why it is held, its health, its settings, its jobs. */
export function InstanceDetailView({ id }: { id: string }) {
  const refetchInterval = useRefetchInterval();
  const instance = useQuery({
    queryKey: ["instances", id],
    queryFn: () => endpoints.instance(id),
    refetchInterval,
  });
  const overview = useQuery({ queryKey: ["overview"], queryFn: endpoints.overview, refetchInterval });
  const current = instance.data;
  // One heading from loading to loaded: navigation focuses it before the data arrives.
  return (
    <section aria-labelledby="instance-title">
      <h1 id="instance-title">
        {current ? current.name : "Instance"} {current?.paused && <StatusBadge status="PAUSED" />}
      </h1>
      {current ? (
        <InstancePage instance={current} lane={overview.data?.lanes.find((l) => l.instanceId === id)} />
      ) : instance.isError ? (
        <ErrorNotice error={instance.error} title="This instance could not be loaded" />
      ) : (
        <Loading />
      )}
    </section>
  );
}

function InstancePage({ instance: current, lane }: { instance: Instance; lane: Lane | undefined }) {
  const { save, feedback } = useSaver(current);
  const id = current.id;
  const jobs = `/jobs?instanceId=${id}`;
  return (
    <>
      <p>
        <Link to="/instances">← All instances</Link> · <Link to={jobs}>Its jobs</Link> ·{" "}
        <Link to={`${jobs}&status=FAILED`}>Its failed jobs</Link>
      </p>
      {feedback}
      <div className="grid">
        <Card title="Connection">
          <dl className="facts">
            <dt>Status</dt>
            <dd>{current.status}</dd>
            <dt>Phone number</dt>
            <dd>{current.phoneNumber ?? "not paired yet"}</dd>
            <dt>Gateway</dt>
            <dd>{current.provider}</dd>
          </dl>
          {current.hold && <HoldNote hold={current.hold} />}
          <Reconnect instance={current} />
        </Card>
        <Card title="Last hour">
          <Health lane={lane} />
        </Card>
        <Rename key={`name-${current.name}`} instance={current} save={save} />
        <PacingForm key={`pacing-${JSON.stringify(current.pacing)}`} instance={current} save={save} />
        <WindowForm key={`window-${JSON.stringify(current.sendingWindow)}`} instance={current} save={save} />
        <RecipientCheckSetting instance={current} save={save} />
      </div>
    </>
  );
}
