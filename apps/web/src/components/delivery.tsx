import type { Receipts } from "../api/types";
import { deliverySummary } from "../delivery-summary";

/** The receipt state beside a status: delivered/read times, or a warning when none came. */
export function Delivery({ intent }: { intent: Receipts }) {
  const summary = deliverySummary(intent);
  if (!summary) return null;
  const missing = !intent.deliveredAt && !intent.readAt;
  return <span className={missing ? "delivery delivery-missing" : "delivery"}>{summary}</span>;
}
