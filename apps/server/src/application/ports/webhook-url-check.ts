/** Why a webhook URL may not be registered (it points inside our network), or null when it may. */
export type WebhookUrlCheck = (url: string) => Promise<string | null>;
