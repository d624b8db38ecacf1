import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { endpoints } from "../api/endpoints";
import type { Instance } from "../api/types";
import { navigate } from "../router";
import { Card, ErrorNotice } from "./common";

/** Deleting is for good: the operator types the name, and the server's refusal is shown in its words. */
export function DeleteInstance({ instance }: { instance: Instance }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  // Focus follows the form: into its field when it opens, back to the button when it closes.
  useEffect(() => {
    if (confirming) input.current?.focus();
    else if (wasConfirming.current) opener.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const remove = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await endpoints.deleteInstance(instance.id);
      await client.invalidateQueries({ queryKey: ["instances"] });
      navigate("/instances");
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setConfirming(false);
    setTyped("");
    setError(null);
  };
  const named = typed === instance.name;
  return (
    <Card title="Delete">
      <p className="muted">
        Logs the number out and removes it from its gateway; its messages stay readable here and its name
        becomes free. A number with unfinished messages cannot be deleted: cancel them or wait.
      </p>
      {confirming ? (
        <form onSubmit={remove} className="settings-form" aria-label="delete instance">
          <label>
            Type “{instance.name}” to confirm
            <input
              ref={input}
              name="confirmName"
              value={typed}
              aria-describedby="delete-hint"
              onChange={(e) => setTyped(e.target.value)}
            />
          </label>
          <p id="delete-hint" className="hint">
            {named ? "\u00a0" : "Type the name to enable “Delete for good”."}
          </p>
          {error !== null && <ErrorNotice error={error} title="Not deleted" />}
          <div className="filter-buttons">
            <button type="submit" className="danger" disabled={busy || !named} aria-describedby="delete-hint">
              {busy ? "Deleting…" : "Delete for good"}
            </button>
            <button type="button" className="secondary" onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button ref={opener} type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
    </Card>
  );
}
