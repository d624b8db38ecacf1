import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { endpoints, type JobAction } from "../api/endpoints";
import { loadSession } from "../api/session";
import type { Job } from "../api/types";
import { ActionDialog } from "./action-dialog";

/** Actions a server answered 404 "no route" for: hidden from then on, this page load. */
const missingActions = new Set<JobAction>();

const ACTIONS: Record<
  JobAction,
  { label: string; when: Job["status"][]; description: string; extra?: { label: string; name: string } }
> = {
  retry: {
    label: "Retry",
    when: ["FAILED"],
    description: "Send this message again: the job goes back to the queue with a fresh attempt.",
  },
  confirm: {
    label: "Confirm sent",
    when: ["UNCONFIRMED"],
    description: "You checked that the message did reach the recipient: mark it SENT without sending again.",
    extra: { label: "Provider message id (optional)", name: "providerMessageId" },
  },
  resend: {
    label: "Resend",
    when: ["UNCONFIRMED"],
    description: "You checked that the message did not go out: send it again (the lead may get it twice).",
  },
  cancel: {
    label: "Cancel job",
    when: ["PENDING", "RETRY"],
    description: "Stop this message: it will not be sent.",
  },
};

export function JobActions({ job }: { job: Job }) {
  const client = useQueryClient();
  const [open, setOpen] = useState<JobAction | null>(null);
  const [, setHidden] = useState(0);
  const available = (Object.keys(ACTIONS) as JobAction[]).filter(
    (action) => ACTIONS[action].when.includes(job.status) && !missingActions.has(action),
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
          title={`${current.label} job ${job.id.slice(0, 8)}`}
          description={current.description}
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
