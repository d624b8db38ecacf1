import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { describeError } from "./common";

export interface ActionDialogProps {
  title: string;
  description: string;
  confirmLabel: string;
  /** An extra optional field (e.g. the provider message id when confirming a send). */
  extraField?: { label: string; name: string };
  onConfirm(reason: string, extra: string): Promise<unknown>;
  onClose(): void;
  /** Told when the server lacks the route, so the action can be hidden from then on. */
  onRouteMissing?(): void;
}

/** Confirms an operator action and asks why; the reason is recorded on the timeline. Esc cancels. */
export function ActionDialog(props: ActionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const [extra, setExtra] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(reason.trim(), extra.trim());
      props.onClose();
    } catch (caught) {
      if (caught instanceof ApiError && caught.routeMissing) props.onRouteMissing?.();
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" onClose={props.onClose} aria-labelledby="action-title">
      <form onSubmit={submit}>
        <h2 id="action-title">{props.title}</h2>
        <p>{props.description}</p>
        <label>
          Reason (recorded on the timeline)
          <textarea name="reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {props.extraField && (
          <label>
            {props.extraField.label}
            <input name={props.extraField.name} value={extra} onChange={(e) => setExtra(e.target.value)} />
          </label>
        )}
        {error !== null && (
          <p className="notice notice-error" role="alert">
            {describeError(error)}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" className="secondary" onClick={props.onClose}>
            Close
          </button>
          <button type="submit" disabled={busy || reason.trim() === ""}>
            {busy ? "Working…" : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
