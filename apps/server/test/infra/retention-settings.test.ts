import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/infra/config/config";

describe("retention settings", () => {
  it("default to 30 days of finished intents and 7 days of deliveries and gateway reports", () => {
    const config = loadConfig({});
    expect(config.RETAIN_FINISHED_FOR).toBe(30 * 86_400);
    expect(config.RETAIN_DELIVERIES_FOR).toBe(7 * 86_400);
    expect(config.RETAIN_GATEWAY_EVENTS_FOR).toBe(7 * 86_400);
  });

  it("read durations in days, hours, minutes and seconds, and off as keep forever", () => {
    const config = loadConfig({
      RETAIN_FINISHED_FOR: "12h",
      RETAIN_DELIVERIES_FOR: "45s",
      RETAIN_GATEWAY_EVENTS_FOR: "off",
    });
    expect(config.RETAIN_FINISHED_FOR).toBe(43_200);
    expect(config.RETAIN_DELIVERIES_FOR).toBe(45);
    expect(config.RETAIN_GATEWAY_EVENTS_FOR).toBeNull();
    expect(loadConfig({ RETAIN_FINISHED_FOR: "15m" }).RETAIN_FINISHED_FOR).toBe(900);
  });

  it("name the setting and the expected form when a duration is malformed", () => {
    for (const bad of ["30", "30 days", "0d", "-1d", "1w"]) {
      expect(() => loadConfig({ RETAIN_FINISHED_FOR: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ RETAIN_FINISHED_FOR: bad })).toThrow(
        /RETAIN_FINISHED_FOR: must be a duration like 30d/,
      );
    }
  });
});
