import type { Harness } from "./executor-harness";

export interface ApprovedMessage {
  intentId: string;
  instanceName: string;
  phone: string;
  text: string;
}

/**
 * Approves `rounds` messages to each of `recipients` leads on each instance, round by round, so a
 * lead's messages are approved in round order. Rounds are a few milliseconds apart: jobs are
 * ordered by creation time, and two approvals in one millisecond would have no defined order.
 */
export async function approveRounds(
  h: Harness,
  instances: readonly { id: string; name: string }[],
  recipients: number,
  rounds: number,
): Promise<ApprovedMessage[]> {
  const approved: ApprovedMessage[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const instance of instances) {
      for (let r = 0; r < recipients; r += 1) {
        const phone = `55119${instance.name.length}${String(r).padStart(7, "0")}1`;
        const text = `${instance.name} round ${round}`;
        const intent = await h.executor.http.createIntent.execute({
          organizationId: "default",
          target: { kind: "PHONE", value: phone },
          purpose: "DISPATCH",
          content: { type: "TEXT", payload: { text } },
        });
        await h.executor.http.approveIntent.execute({
          organizationId: "default",
          intentId: intent.id,
          instanceId: instance.id,
          actor: "test",
        });
        approved.push({ intentId: intent.id, instanceName: instance.name, phone, text });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  return approved;
}

/** Each (instance, recipient)'s texts in the order the simulator accepted them. */
export function textsInSendOrder(h: Harness): Map<string, string[]> {
  const byLead = new Map<string, string[]>();
  for (const send of [...h.sim.sends].sort((a, b) => a.seq - b.seq)) {
    const key = `${send.instance} ${send.to}`;
    byLead.set(key, [...(byLead.get(key) ?? []), String(send.body.text)]);
  }
  return byLead;
}

/** Each (instance, recipient)'s texts in approval order, keyed as textsInSendOrder keys them. */
export function textsInApprovalOrder(messages: readonly ApprovedMessage[]): Map<string, string[]> {
  const byLead = new Map<string, string[]>();
  for (const m of messages) {
    const key = `${m.instanceName} ${m.phone}@s.whatsapp.net`;
    byLead.set(key, [...(byLead.get(key) ?? []), m.text]);
  }
  return byLead;
}

/** Creates a TEXT intent to `phone` and approves it on the instance: its job is PENDING, due at once. */
export async function approveText(
  h: Harness,
  instanceId: string,
  phone: string,
): Promise<{ intentId: string; jobId: string }> {
  const intent = await h.executor.http.createIntent.execute({
    organizationId: "default",
    target: { kind: "PHONE", value: phone },
    purpose: "DISPATCH",
    content: { type: "TEXT", payload: { text: "hi" } },
  });
  const { job } = await h.executor.http.approveIntent.execute({
    organizationId: "default",
    intentId: intent.id,
    instanceId,
    actor: "test",
  });
  if (!job) throw new Error("no job");
  return { intentId: intent.id, jobId: job.id };
}
