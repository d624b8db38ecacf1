import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { focusIsLost, focusMainHeading } from "../focus";
import { describeError } from "./common";

export interface ActionDialogProps {
  title: string;
  description: string;
  confirmLabel: string;
  /** Destructive or risky: the confirm button says so. */
  danger?: boolean | undefined;
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
    // The native dialog gives focus back to its opener on close; when the action removed the
    // opener's row, the page heading takes it instead of the body.
    const opener = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      setTimeout(() => {
        if (focusIsLost() || !opener?.isConnected) focusMainHeading();
      }, 0);
    };
  }, []);

  const missingReason = reason.trim() === "";

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
          <textarea
            name="reason"
            required
            value={reason}
            aria-describedby="action-reason-hint"
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <p id="action-reason-hint" className="hint">
          {missingReason ? `Write a reason to enable “${props.confirmLabel}”.` : "\u00a0"}
        </p>
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
          <button
            type="submit"
            className={props.danger ? "danger" : undefined}
            disabled={busy || missingReason}
            aria-describedby="action-reason-hint"
          >
            {busy ? "Working…" : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
