import { useQuery } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";
import type { Content, IntentDetails, JobError, TimelineEntry } from "../api/types";
import { Card, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { Delivery } from "../components/delivery";
import { JobActions } from "../components/job-actions";
import { PendingIntentActions } from "../components/pending-intent-actions";
import { currentError } from "../current-error";
import { formatTime } from "../format";
import { useInstanceNames } from "../hooks/use-instance-names";
import { useRefetchInterval } from "../live";

function PayloadPreview({ content }: { content: Content }) {
  switch (content.type) {
    case "TEXT":
      return <blockquote className="payload-text">{content.payload.text}</blockquote>;
    case "MEDIA":
      return (
        <p>
          <a href={content.payload.mediaUrl} target="_blank" rel="noreferrer">
            {content.payload.fileName ?? content.payload.mediaUrl}
          </a>{" "}
          <span className="muted">({content.payload.mimeType})</span>
          {content.payload.caption && (
            <blockquote className="payload-text">{content.payload.caption}</blockquote>
          )}
        </p>
      );
    case "AUDIO":
      return (
        <p>
          {/* biome-ignore lint/a11y/useMediaCaption: voice notes have no captions */}
          <audio controls preload="none" src={content.payload.audioUrl} />
          <br />
          <a href={content.payload.audioUrl} target="_blank" rel="noreferrer">
            {content.payload.audioUrl}
          </a>
          {content.payload.ptt ? " (voice note)" : ""}
        </p>
      );
    case "REACTION":
      return (
        <p>
          <span className="emoji">{content.payload.emoji || "(reaction removed)"}</span> on message{" "}
          <code>{content.payload.messageRef}</code>
        </p>
      );
  }
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");

/** One timeline row in words: what happened, and the details that matter for it. */
function describeEntry(entry: TimelineEntry, names: Map<string, string>): { title: string; detail: string } {
  const d = entry.data;
  const instance = names.get(str(d.instanceId)) ?? str(d.instanceId).slice(0, 8);
  const error = d.error as { code?: string; message?: string } | undefined;
  switch (entry.type) {
    case "MessageIntentCreated":
      return { title: "Created", detail: "" };
    case "MessageIntentApproved":
      return {
        title: "Decided: approved",
        detail: `on instance ${instance}${d.sendAt ? `, scheduled for ${formatTime(str(d.sendAt))}` : ""}`,
      };
    case "MessageIntentQueued":
      return {
        title: "Decided: queued",
        detail: `${str(d.reason)}${d.queuedUntil ? ` until ${formatTime(str(d.queuedUntil))}` : ""}`,
      };
    case "MessageIntentReturnedToGate":
      return { title: "Back to the gate", detail: `queued until ${formatTime(str(d.queuedUntil))}` };
    case "MessageIntentBlocked":
      return { title: "Decided: blocked", detail: str(d.reason) };
    case "MessageIntentDropped":
      return { title: "Dropped", detail: str(d.reason) };
    case "ExecutionJobCreated":
      return { title: "Job created", detail: `job ${str(d.jobId).slice(0, 8)} on ${instance}` };
    case "MessageSent":
      return {
        title: `Sent (attempt ${d.attempt})`,
        detail: `provider message id ${str(d.providerMessageId)}`,
      };
    case "MessageFailed":
      return {
        title: `Attempt ${d.attempt} failed`,
        detail: `${error?.code ?? ""}: ${error?.message ?? ""}${d.willRetry ? ` — retry at ${formatTime(str(d.nextAttemptAt))}` : " — no more retries"}`,
      };
    case "MessageUnconfirmed":
      return {
        title: `Attempt ${d.attempt} unconfirmed`,
        detail: `${error?.code ?? ""}: ${error?.message ?? ""}`,
      };
    case "ExecutionJobRequeued":
      return { title: "Requeued by an operator", detail: str(d.reason) };
    case "ExecutionJobConfirmed":
      return { title: "Confirmed sent by an operator", detail: str(d.reason) };
    case "ExecutionJobResent":
      return { title: "Resent by an operator", detail: str(d.reason) };
    case "MessageRejected":
      return {
        title: "Rejected by WhatsApp",
        detail: `the server refused ${str(d.providerMessageId)} after the gateway took it`,
      };
    case "ExecutionJobCancelled":
      return { title: "Cancelled by an operator", detail: str(d.reason) };
    default: {
      const reason = str(d.reason);
      return { title: entry.type.replace(/([a-z])([A-Z])/g, "$1 $2"), detail: reason };
    }
  }
}

/** Receipts are kept on the intent; shown on the timeline where they happened. */
function receipts(details: IntentDetails): TimelineEntry[] {
  const rows: [string, string | null][] = [
    ["Delivered", details.deliveredAt],
    ["Read", details.readAt],
    ["Played", details.playedAt],
    ["Rejected", details.rejectedAt],
  ];
  return rows
    .filter((row): row is [string, string] => row[1] !== null)
    .map(([type, at]) => ({ id: `receipt-${type}`, type, occurredAt: at, actor: "recipient", data: {} }));
}

function describeJobError(error: JobError | null): string {
  return error ? `${error.code}: ${error.message}` : "—";
}

export function MessageDetailView({ id }: { id: string }) {
  const names = useInstanceNames();
  const details = useQuery({
    queryKey: ["intent", id],
    queryFn: () => endpoints.intent(id),
    refetchInterval: useRefetchInterval(),
  });
  if (!details.data)
    return details.isError ? (
      <ErrorNotice error={details.error} title="This message could not be loaded" />
    ) : (
      <Loading />
    );
  const intent = details.data;
  const shownTypes = new Set(intent.timeline.map((e) => e.type));
  const timeline = [
    ...intent.timeline,
    ...receipts(intent).filter((r) => !shownTypes.has(`Message${r.type}`)),
  ].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const job = intent.job;
  return (
    <div className="detail">
      <h1>
        Message <code>{intent.id}</code> <StatusBadge status={intent.status} /> <Delivery intent={intent} />
      </h1>
      <div className="grid">
        <Card title="Message">
          <dl className="facts">
            <dt>Recipient</dt>
            <dd>
              {intent.target.value} <span className="muted">({intent.target.kind})</span>
            </dd>
            <dt>Type / purpose / priority</dt>
            <dd>
              {intent.type} / {intent.purpose} / {intent.priority}
            </dd>
            {intent.sendAt && (
              <>
                <dt>Scheduled for</dt>
                <dd>{formatTime(intent.sendAt)}</dd>
              </>
            )}
            <dt>Instance</dt>
            <dd>
              {intent.decidedByInstanceId
                ? (names.get(intent.decidedByInstanceId) ?? intent.decidedByInstanceId)
                : "—"}
            </dd>
            {intent.blockedReason && (
              <>
                <dt>Why not sent</dt>
                <dd>{intent.blockedReason}</dd>
              </>
            )}
          </dl>
          <h3>Payload</h3>
          <PayloadPreview content={intent} />
        </Card>
        <Card title="Job">
          {job ? (
            <>
              <dl className="facts">
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={job.status} />
                </dd>
                <dt>Attempts</dt>
                <dd>
                  {job.attempts} of {job.maxAttempts}
                </dd>
                <dt>Provider message id</dt>
                <dd>{job.providerMessageId ? <code>{job.providerMessageId}</code> : "—"}</dd>
                <dt>Last error</dt>
                <dd>{describeJobError(currentError(job))}</dd>
              </dl>
              <JobActions job={job} />
            </>
          ) : (
            <>
              <p className="muted">No job: the intent was not approved.</p>
              <PendingIntentActions intent={intent} />
            </>
          )}
        </Card>
        <Card title="Timeline" className="wide">
          <ol className="timeline" aria-label="timeline">
            {timeline.map((entry) => {
              const { title, detail } = describeEntry(entry, names);
              return (
                <li key={entry.id} data-type={entry.type}>
                  <time dateTime={entry.occurredAt}>{formatTime(entry.occurredAt)}</time>
                  <div>
                    <strong>{title}</strong> <span className="muted">by {entry.actor}</span>
                    {detail && <div>{detail}</div>}
                  </div>
                </li>
              );
            })}
          </ol>
        </Card>
      </div>
    </div>
  );
}
