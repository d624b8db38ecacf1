import { z } from "zod";

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/**
 * A duration setting written as `30d`, `12h`, `15m` or `45s`, read as whole seconds; `off` (null)
 * keeps everything. Units rather than bare milliseconds: a retention of `2592000000` is unreadable.
 */
export function durationSetting(fallback: string) {
  return z
    .string()
    .trim()
    .default(fallback)
    .transform((value, ctx) => {
      if (value === "off") return null;
      const match = /^(\d+)([smhd])$/.exec(value);
      if (match?.[1] === undefined || match[2] === undefined || Number(match[1]) === 0) {
        ctx.addIssue({
          code: "custom",
          message: `must be a duration like 30d, 12h, 15m or 45s, or off (got "${value}")`,
        });
        return z.NEVER;
      }
      return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
    });
}
