/** Per-instance webhook settings as stored by POST /api/webhook/:instance/set. */
export interface WebhookConfig {
  url: string;
  /** Empty means every event. */
  events: string[];
  headers: Record<string, string>;
  enabled: boolean;
}

export function acceptsEvent(config: WebhookConfig | undefined, event: string): config is WebhookConfig {
  if (config === undefined || !config.enabled) return false;
  return config.events.length === 0 || config.events.includes(event);
}
