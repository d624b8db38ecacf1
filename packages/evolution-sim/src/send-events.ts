import { isOnWhatsApp, newPhoneNumber, roll, type SimReceiptDelays, type TimerBag } from "@whatlead/sim-kit";
import type { EvolutionInstance } from "./instance";
import { isGroupJid } from "./recipient";
import type { EvolutionSendType, EvolutionSimFaults } from "./types";
import type { EvolutionWebhooks } from "./webhooks";

export interface EvolutionSentMessage {
  instance: EvolutionInstance;
  messageId: string;
  remoteJid: string;
  type: EvolutionSendType;
  /** The answer object, which SEND_MESSAGE repeats as its data. */
  answer: Record<string, unknown>;
}

type UpdateStatus = "SERVER_ACK" | "DELIVERY_ACK" | "READ" | "PLAYED" | "ERROR";

/** SEND_MESSAGE, then MESSAGES_UPDATE SERVER_ACK → DELIVERY_ACK → READ (→ PLAYED for voice notes), or a late ERROR. */
export class EvolutionSendEvents {
  constructor(
    private readonly webhooks: EvolutionWebhooks,
    private readonly timers: TimerBag,
    private readonly receipts: SimReceiptDelays | false,
    private readonly faults: EvolutionSimFaults,
  ) {}

  announceSent(message: EvolutionSentMessage): void {
    this.webhooks.dispatch(message.instance, "SEND_MESSAGE", message.answer);
  }

  /** Groups get no receipts; numbers not on WhatsApp never reach a send. */
  scheduleUpdates(message: EvolutionSentMessage): void {
    if (this.receipts === false || isGroupJid(message.remoteJid) || !isOnWhatsApp(message.remoteJid)) return;
    const { deliveredAfterMs, readAfterMs } = this.receipts;
    // A recipient known to WhatsApp by a LID is reported under it, whatever the send used.
    const remoteJid = roll(this.faults.lidReceiptRate) ? `${newPhoneNumber()}@lid` : message.remoteJid;
    const update = (status: UpdateStatus) => () => this.postUpdate(message, remoteJid, status);
    this.timers.after(0, update("SERVER_ACK"));
    if (roll(this.faults.lateErrorRate)) {
      this.timers.after(deliveredAfterMs, update("ERROR"));
      return;
    }
    this.timers.after(deliveredAfterMs, update("DELIVERY_ACK"));
    this.timers.after(readAfterMs, update("READ"));
    if (message.type === "audio") this.timers.after(readAfterMs * 2, update("PLAYED"));
  }

  private postUpdate(message: EvolutionSentMessage, remoteJid: string, status: UpdateStatus): void {
    this.webhooks.dispatch(message.instance, "MESSAGES_UPDATE", {
      keyId: message.messageId,
      remoteJid,
      fromMe: true,
      status,
      instanceId: message.instance.id,
    });
  }
}
