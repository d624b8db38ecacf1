/** Delays after an accepted send at which a simulated recipient's phone acknowledges it. */
export interface SimReceiptDelays {
  deliveredAfterMs: number;
  readAfterMs: number;
}
