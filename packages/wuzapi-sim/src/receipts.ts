import { isOnWhatsApp, newPhoneNumber, roll, type SimReceiptDelays, type TimerBag } from "@whatlead/sim-kit";
import { gatewayTimestamp } from "./timestamp";
import type { WuzapiSimFaults } from "./types";
import type { WuzapiUser } from "./user";
import type { WuzapiWebhooks } from "./webhooks";

// ReadReceipt (W:614-633): Delivered (Type "") and Read (Type "read") only; no played, no failure, no
// echo of our own sends. Receipts of one chat that fall due together come as one event with several ids.

type ReceiptState = "Delivered" | "Read";

interface Batch {
  user: WuzapiUser;
  chat: string;
  state: ReceiptState;
  ids: string[];
}

export interface DeliveredSend {
  user: WuzapiUser;
  messageId: string;
  to: string;
}

export class WuzapiReceipts {
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly webhooks: WuzapiWebhooks,
    private readonly timers: TimerBag,
    private readonly delays: SimReceiptDelays | false,
    private readonly faults: WuzapiSimFaults,
    private readonly batchWindowMs: number,
  ) {}

  /** Numbers not on WhatsApp take the send (200) and never acknowledge it. */
  schedule(send: DeliveredSend): void {
    if (this.delays === false || !isOnWhatsApp(send.to) || send.to.endsWith("@g.us")) return;
    const chat = roll(this.faults.lidReceiptRate) ? `${newPhoneNumber()}@lid` : send.to;
    this.timers.after(this.delays.deliveredAfterMs, () => this.add(send, chat, "Delivered"));
    this.timers.after(this.delays.readAfterMs, () => this.add(send, chat, "Read"));
  }

  private add(send: DeliveredSend, chat: string, state: ReceiptState): void {
    const key = `${send.user.token}|${chat}|${state}`;
    const batch = this.batches.get(key);
    if (batch !== undefined) {
      batch.ids.push(send.messageId);
      return;
    }
    this.batches.set(key, { user: send.user, chat, state, ids: [send.messageId] });
    this.timers.after(this.batchWindowMs, () => this.flush(key));
  }

  private flush(key: string): void {
    const batch = this.batches.get(key);
    if (batch === undefined) return;
    this.batches.delete(key);
    // The receipt comes from one of the recipient's devices: "user:device@server".
    const [user, server] = batch.chat.split("@");
    this.webhooks.dispatch(batch.user, "ReadReceipt", {
      event: {
        Chat: batch.chat,
        Sender: `${user}:${1 + Math.floor(Math.random() * 3)}@${server}`,
        IsFromMe: false,
        IsGroup: false,
        AddressingMode: "",
        SenderAlt: "",
        RecipientAlt: "",
        BroadcastListOwner: "",
        MessageIDs: batch.ids,
        Timestamp: gatewayTimestamp(new Date()),
        Type: batch.state === "Read" ? "read" : "",
        MessageSender: "",
      },
      state: batch.state,
    });
  }
}
