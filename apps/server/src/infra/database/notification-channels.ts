// The channels notified by the migrations' triggers, in the transaction that makes the news true.

/** A job became runnable (created, requeued, retried, recovered): 0006. */
export const RUNNABLE_JOB_CHANNEL = "message_execution_job_runnable";
/** Outbound webhook deliveries were written: 0007. */
export const WEBHOOK_DELIVERY_CHANNEL = "webhook_delivery_due";
