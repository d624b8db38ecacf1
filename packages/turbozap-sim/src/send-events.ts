import { isOnWhatsApp, jidUser, type SimReceiptDelays, type TimerBag } from "@whatlead/sim-kit";
import type { SimInstance } from "./instance";
import type { SendDetail } from "./send-validation";
import type { WebhookDispatcher } from "./webhooks";

// The gateway reports every receipt under both names.
const RECEIPT_EVENTS = ["messages.update", "message.ack"] as const;

export interface SentMessage {
  instance: SimInstance;
  messageId: string;
  to: string;
  detail: SendDetail;
}

/** Webhooks that follow an accepted send: send.message, then delivered/read receipts. */
export class SendEvents {
  constructor(
    private readonly webhooks: WebhookDispatcher,
    private readonly timers: TimerBag,
    private readonly receipts: SimReceiptDelays | false,
  ) {}

  announceSent(message: SentMessage): void {
    const { instance, detail } = message;
    if (!instance.webhook?.enabled) return;
    this.webhooks.dispatch(instance, "send.message", {
      message_id: message.messageId,
      from: instance.phoneNumber,
      to: jidUser(message.to),
      fromMe: true,
      type: detail.messageType,
      content: detail.content,
      caption: detail.caption,
      filename: detail.filename,
      status: "sent",
      timestamp: new Date().toISOString(),
    });
  }

  /** A number that is not on WhatsApp never acknowledges anything (and there is no "failed" receipt). */
  scheduleReceipts(message: SentMessage): void {
    if (this.receipts === false || !message.instance.webhook?.enabled || !isOnWhatsApp(message.to)) return;
    this.timers.after(this.receipts.deliveredAfterMs, () => this.sendReceipt(message, "delivered"));
    this.timers.after(this.receipts.readAfterMs, () => this.sendReceipt(message, "read"));
  }

  private sendReceipt(message: SentMessage, status: "delivered" | "read"): void {
    const data = {
      message_id: message.messageId,
      from: message.to,
      status,
      timestamp: new Date().toISOString(),
    };
    for (const event of RECEIPT_EVENTS) this.webhooks.dispatch(message.instance, event, data);
  }
}
