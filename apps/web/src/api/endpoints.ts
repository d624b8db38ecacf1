import { api, query } from "./client";
import type {
  ApiKey,
  Instance,
  InstanceChanges,
  InstanceList,
  Intent,
  IntentDetails,
  Job,
  JobListItem,
  Overview,
  Page,
  WebhookDelivery,
  WebhookEndpoint,
} from "./types";

export interface ListFilter {
  status?: string;
  instanceId?: string;
  purpose?: string;
  createdFrom?: string;
  createdTo?: string;
  q?: string;
  delivery?: string;
  noReceiptAfterMinutes?: string;
  cursor?: string | null;
  limit?: number;
}

export interface OperatorAction {
  actor: string;
  reason: string;
}

export const JOB_ACTIONS = ["retry", "confirm", "resend", "cancel"] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

export const endpoints = {
  overview: () => api<Overview>("/v1/stats/overview"),
  instances: () => api<InstanceList>("/v1/instances"),
  instancesWithDeleted: () => api<InstanceList>("/v1/instances?deleted=include"),
  registerInstance: (name: string) => api<Instance>("/v1/instances", { method: "POST", body: { name } }),
  instance: (id: string) => api<Instance>(`/v1/instances/${id}`),
  updateInstance: (id: string, changes: InstanceChanges) =>
    api<Instance>(`/v1/instances/${id}`, { method: "PATCH", body: changes }),
  deleteInstance: (id: string) => api<Instance>(`/v1/instances/${id}`, { method: "DELETE" }),
  instanceQr: (id: string) => api<{ qr: string }>(`/v1/instances/${id}/qr`),
  reconnectInstance: (id: string) =>
    api<Instance>(`/v1/instances/${id}/reconnect`, { method: "POST", body: {} }),
  instanceAction: (id: string, action: "pause" | "resume", body: OperatorAction) =>
    api<Instance>(`/v1/instances/${id}/${action}`, { method: "POST", body }),
  organizationAction: (action: "pause" | "resume", body: OperatorAction) =>
    api<{ organizationId: string; paused: boolean }>(`/v1/organization/${action}`, { method: "POST", body }),
  intents: (filter: ListFilter) => api<Page<Intent>>(`/v1/intents${query({ ...filter })}`),
  intent: (id: string) => api<IntentDetails>(`/v1/intents/${id}`),
  createTextIntent: (phone: string, text: string) =>
    api<Intent>("/v1/intents", {
      method: "POST",
      body: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text } },
    }),
  approveIntent: (id: string, instanceId: string, actor: string) =>
    api<Intent & { job: Job }>(`/v1/intents/${id}/approve`, { method: "POST", body: { instanceId, actor } }),
  decideIntent: (id: string, actor: string) =>
    api<Intent>(`/v1/intents/${id}/decide`, { method: "POST", body: { actor } }),
  dropIntent: (id: string, body: OperatorAction) =>
    api<Intent>(`/v1/intents/${id}/drop`, { method: "POST", body }),
  jobs: (filter: ListFilter) => api<Page<JobListItem>>(`/v1/jobs${query({ ...filter })}`),
  job: (id: string) => api<Job>(`/v1/jobs/${id}`),
  jobAction: (id: string, action: JobAction, body: OperatorAction & { providerMessageId?: string }) =>
    api<Job>(`/v1/jobs/${id}/${action}`, { method: "POST", body }),
  apiKeys: () => api<{ items: ApiKey[] }>("/v1/api-keys"),
  createApiKey: (label: string) =>
    api<ApiKey & { secret: string }>("/v1/api-keys", { method: "POST", body: { label } }),
  revokeApiKey: (id: string) => api<ApiKey>(`/v1/api-keys/${id}/revoke`, { method: "POST", body: {} }),
  webhooks: () => api<{ items: WebhookEndpoint[] }>("/v1/webhooks"),
  registerWebhook: (url: string, events: string[]) =>
    api<WebhookEndpoint & { secret: string }>("/v1/webhooks", { method: "POST", body: { url, events } }),
  deleteWebhook: (id: string) => api<void>(`/v1/webhooks/${id}`, { method: "DELETE" }),
  webhookDeliveries: (id: string) => api<Page<WebhookDelivery>>(`/v1/webhooks/${id}/deliveries?limit=20`),
  bulkRetry: (
    body: OperatorAction & {
      status: "FAILED";
      instanceId?: string;
      createdFrom?: string;
      createdTo?: string;
    },
  ) => api<{ retried: number }>("/v1/jobs/bulk-retry", { method: "POST", body }),
};
