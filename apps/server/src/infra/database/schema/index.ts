export * from "./api-key";
export * from "./idempotency-key";
export * from "./instance";
export * from "./message-execution-job";
export * from "./message-intent";
export * from "./organization";
export * from "./organization-pause";
export * from "./timeline-event";
