import type { Instance } from "../../../domain/instance/instance";
import type { InstanceRow, instanceTable } from "../schema";

export function instanceFromRow(row: InstanceRow): Instance {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    provider: row.provider,
    status: row.status,
    phoneNumber: row.phoneNumber,
    paused: row.paused,
    hold: row.heldSince
      ? { since: row.heldSince, code: row.holdCode ?? "", message: row.holdMessage ?? "" }
      : null,
    pacing: row.pacing,
    warmup: row.warmup,
    sendingWindow: row.sendingWindow,
    checkRecipients: row.checkRecipients,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The row of a new instance; the prober's bookkeeping starts empty. */
export function instanceToRow(instance: Instance): typeof instanceTable.$inferInsert {
  const { hold, ...fields } = instance;
  return {
    ...fields,
    heldSince: hold?.since ?? null,
    holdCode: hold?.code ?? null,
    holdMessage: hold?.message ?? null,
    nextProbeAt: null,
    probes: 0,
    nextSendAt: null,
  };
}
