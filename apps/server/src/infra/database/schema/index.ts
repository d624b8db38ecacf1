export * from "./instance";
export * from "./message-execution-job";
export * from "./message-intent";
export * from "./organization-pause";
export * from "./timeline-event";
export * from "./webhook-delivery";
export * from "./webhook-endpoint";
