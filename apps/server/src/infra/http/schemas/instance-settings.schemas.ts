import { z } from "zod";

const DAY_MS = 86_400_000;

export const instanceName = z
  .string()
  .regex(
    /^[a-zA-Z0-9_-]{1,100}$/,
    "must be 1 to 100 letters, digits, '_' or '-' (the gateway's instance name)",
  );

const cap = z
  .number()
  .int()
  .min(1, "must be at least 1 (leave it out or null for no cap)")
  .max(1_000_000)
  .nullable();

/** The pacing as stored and returned: absent caps are null, absent numbers 0, typing off. */
export const pacingSchema = z
  .object({
    minIntervalMs: z.number().int().min(0, "must not be negative").max(DAY_MS).default(0),
    jitterMs: z.number().int().min(0, "must not be negative").max(DAY_MS).default(0),
    maxPerMinute: cap.default(null),
    maxPerHour: cap.default(null),
    maxPerDay: cap.default(null),
    typing: z.boolean().default(false),
  })
  .strict()
  .meta({
    id: "InstancePacing",
    description:
      "Each send waits minIntervalMs plus a random share of jitterMs after the previous send's answer; no rolling minute, hour or day holds more sends than its cap.",
  });

export const warmupSchema = z
  .object({
    startPerDay: z.number().int().min(1).max(100_000),
    growthPercentPerDay: z.number().min(0, "must not be negative").max(1_000),
  })
  .strict()
  .meta({
    id: "InstanceWarmup",
    description:
      "The daily cap is startPerDay on the day the number was registered, growthPercentPerDay more each day after.",
  });

// Seconds are optional: a window a few seconds long is what lets the quiet-hours test close and
// reopen one within 20 s instead of waiting for two minute boundaries (126 s of the suite).
const clock = (what: string, latest: RegExp) =>
  z
    .string()
    .regex(
      latest,
      `${what} must be a time of day "HH:MM" or "HH:MM:SS" (00:00 to ${what === "end" ? "24:00" : "23:59:59"})`,
    );

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const secondsOf = (time: string) => {
  const [hours = 0, minutes = 0, seconds = 0] = time.split(":").map(Number);
  return hours * 3600 + minutes * 60 + seconds;
};

export const sendingWindowSchema = z
  .object({
    timeZone: z
      .string()
      .max(100)
      .refine(knownTimeZone, "must be an IANA time zone such as America/Sao_Paulo"),
    days: z
      .array(
        z
          .number()
          .int()
          .min(1, "days are ISO weekdays 1 (Monday) to 7 (Sunday)")
          .max(7, "days are ISO weekdays 1 (Monday) to 7 (Sunday)"),
      )
      .min(1, "must list at least one day")
      .max(7)
      .refine((days) => new Set(days).size === days.length, "must not repeat a day"),
    start: clock("start", /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/),
    end: clock("end", /^(([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?|24:00(:00)?)$/),
  })
  .strict()
  .refine((w) => secondsOf(w.end) > secondsOf(w.start), {
    message: "the window must end after it starts (same day, local time)",
    path: ["end"],
  })
  .meta({
    id: "SendingWindow",
    description:
      "Sends only on these ISO weekdays between start and end, local time in timeZone; outside it jobs wait.",
  });

export const checkRecipientsSchema = z.boolean().meta({
  description:
    "Before a phone number's first send, ask the gateway whether it is on WhatsApp (paced like a send; answers cached RECIPIENT_CHECK_MAX_AGE): one that is not fails NOT_ON_WHATSAPP, nothing sent.",
});

export const recentSendsSchema = z
  .object({
    lastMinute: z.number().int(),
    lastHour: z.number().int(),
    lastDay: z.number().int(),
    dayCap: z
      .number()
      .int()
      .nullable()
      .meta({ description: "today's daily cap, warm-up applied; null: none" }),
  })
  .meta({
    description: "Sends in the rolling minute, hour and day (recorded while pacing or warm-up is set).",
  });

export const updateInstanceBody = z
  .object({
    name: instanceName.optional(),
    pacing: pacingSchema.nullable().optional(),
    warmup: warmupSchema.nullable().optional(),
    sendingWindow: sendingWindowSchema.nullable().optional(),
    checkRecipients: checkRecipientsSchema.optional(),
  })
  .strict();
