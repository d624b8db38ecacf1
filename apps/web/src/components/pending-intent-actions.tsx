import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { endpoints } from "../api/endpoints";
import { loadSession } from "../api/session";
import type { Intent } from "../api/types";
import { ActionDialog } from "./action-dialog";
import { ErrorNotice } from "./common";

/** A PENDING intent waits for a decision: approve it on a number, let the gate decide, or drop it. */
export function PendingIntentActions({ intent }: { intent: Intent }) {
  const client = useQueryClient();
  const instances = useQuery({ queryKey: ["instances"], queryFn: endpoints.instances });
  const connected = (instances.data?.items ?? []).filter((i) => i.status === "connected");
  const [instanceId, setInstanceId] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [dropping, setDropping] = useState(false);
  if (intent.status !== "PENDING") return null;
  const chosen = instanceId || connected[0]?.id || "";
  const actor = loadSession()?.actor ?? "operator";

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await client.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const approve = (event: FormEvent) => {
    event.preventDefault();
    void run(() => endpoints.approveIntent(intent.id, chosen, actor));
  };

  // The dialog's own form stays outside this one: a submit would bubble to Approve.
  return (
    <>
      <form className="pending-actions" onSubmit={approve} aria-label="decide this intent">
        <label>
          Approve on
          <select name="instanceId" value={chosen} onChange={(e) => setInstanceId(e.target.value)}>
            {connected.map((instance) => (
              <option key={instance.id} value={instance.id}>
                {instance.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !chosen}>
          Approve
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => void run(() => endpoints.decideIntent(intent.id, actor))}
        >
          Let the gate decide
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => setDropping(true)}>
          Drop
        </button>
        {connected.length === 0 && instances.data && (
          <p className="hint">No connected number to approve on.</p>
        )}
        {error !== null && <ErrorNotice error={error} title="The intent was not decided" />}
      </form>
      {dropping && (
        <ActionDialog
          title="Drop this intent"
          description="It becomes DROPPED and is never sent. This cannot be undone."
          confirmLabel="Drop intent"
          danger
          onClose={() => setDropping(false)}
          onConfirm={async (reason) => {
            await endpoints.dropIntent(intent.id, { actor, reason });
            await client.invalidateQueries();
          }}
        />
      )}
    </>
  );
}
