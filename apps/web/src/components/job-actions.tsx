import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { endpoints, type JobAction } from "../api/endpoints";
import { loadSession } from "../api/session";
import type { Job } from "../api/types";
import { shortId } from "../format";
import { useInstance } from "../hooks/use-instance-names";
import { ActionDialog } from "./action-dialog";

/** Actions a server answered 404 "no route" for: hidden from then on, this page load. */
const missingActions = new Set<JobAction>();

interface ActionSpec {
  label: string;
  when: Job["status"][];
  /** The dialog's title, naming the job as lists show it. */
  title(shortId: string): string;
  description: string;
  /** Cannot be undone, or may message the lead twice: styled as such. */
  danger?: boolean;
  extra?: { label: string; name: string };
}

const ACTIONS: Record<JobAction, ActionSpec> = {
  retry: {
    label: "Retry",
    when: ["FAILED"],
    title: (id) => `Retry job ${id}`,
    description: "Send this message again: the job goes back to the queue with a fresh attempt.",
  },
  confirm: {
    label: "Confirm sent",
    when: ["UNCONFIRMED"],
    title: (id) => `Confirm job ${id} as sent`,
    description: "You checked that the message did reach the recipient: mark it SENT without sending again.",
    extra: { label: "Provider message id (optional)", name: "providerMessageId" },
  },
  resend: {
    label: "Resend",
    when: ["UNCONFIRMED"],
    title: (id) => `Resend job ${id}`,
    description: "You checked that the message did not go out: send it again (the lead may get it twice).",
    danger: true,
  },
  cancel: {
    label: "Cancel job",
    when: ["PENDING", "RETRY"],
    title: (id) => `Cancel job ${id}`,
    description: "Stop this message for good: it will not be sent, and its intent is dropped.",
    danger: true,
  },
};

export function JobActions({ job }: { job: Job }) {
  const client = useQueryClient();
  const [open, setOpen] = useState<JobAction | null>(null);
  const [, setHidden] = useState(0);
  const instance = useInstance(job.instanceId);
  // The server refuses it too: a retry through a number that is down fails again and spends attempts.
  const numberDown = instance !== undefined && instance.status !== "connected";
  const available = (Object.keys(ACTIONS) as JobAction[]).filter(
    (action) =>
      ACTIONS[action].when.includes(job.status) &&
      !missingActions.has(action) &&
      !(action === "retry" && numberDown),
  );
  if (job.status === "FAILED" && numberDown)
    return (
      <span className="hint">
        Retry once {instance.name} is connected ({instance.status})
      </span>
    );
  if (available.length === 0) return null;
  const current = open ? ACTIONS[open] : null;
  return (
    <span className="actions">
      {available.map((action) => (
        <button key={action} type="button" className="small" onClick={() => setOpen(action)}>
          {ACTIONS[action].label}
        </button>
      ))}
      {open && current && (
        <ActionDialog
          title={current.title(shortId(job.id))}
          description={current.description}
          danger={current.danger}
          confirmLabel={current.label}
          extraField={current.extra}
          onClose={() => setOpen(null)}
          onRouteMissing={() => {
            missingActions.add(open);
            setHidden((n) => n + 1);
          }}
          onConfirm={async (reason, extra) => {
            const actor = loadSession()?.actor ?? "operator";
            await endpoints.jobAction(job.id, open, {
              actor,
              reason,
              ...(extra ? { providerMessageId: extra } : {}),
            });
            await client.invalidateQueries();
          }}
        />
      )}
    </span>
  );
}
