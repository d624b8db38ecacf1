import { z } from "zod";
import { INSTANCE_STATUSES } from "../../../domain/instance/instance-status";
import { INTENT_STATUSES } from "../../../domain/intent/intent-status";
import { EXECUTION_STATUSES } from "../../../domain/job/execution-status";

const count = z.number().int().min(0);

export const overviewStatsResponse = z
  .object({
    generatedAt: z.date(),
    intents: z
      .record(z.enum(INTENT_STATUSES), count)
      .meta({ description: "Intents by status, zeros included" }),
    jobs: z.record(z.enum(EXECUTION_STATUSES), count).meta({ description: "Jobs by status, zeros included" }),
    sentPerMinute: z.array(z.object({ minute: z.date(), count })).meta({
      description: "The last hour, oldest minute first; the last one is the current, partial minute",
    }),
    failuresByCode: z
      .array(z.object({ code: z.string(), count }))
      .meta({ description: "FAILED jobs by their last error's code, most frequent first" }),
    runnable: z
      .object({ count, oldestAgeMs: z.number().min(0).nullable() })
      .meta({ description: "Jobs a worker may claim now, and how long the oldest has waited since created" }),
    unconfirmed: count,
    lanes: z.array(
      z.object({
        instanceId: z.uuid(),
        name: z.string(),
        status: z.enum(INSTANCE_STATUSES),
        inFlight: count,
        waiting: count,
        sentLastHour: count,
        health: z.object({ failed: count, delivered: count, read: count, withoutReceipt: count }).meta({
          description:
            "The last hour: jobs that failed; of those sent, how many were delivered, read, or got no receipt within 10 minutes",
        }),
      }),
    ),
  })
  .meta({ id: "OverviewStats" });
