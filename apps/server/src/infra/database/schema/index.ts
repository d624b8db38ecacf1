export * from "./gateway-event";
export * from "./instance";
export * from "./message-execution-job";
export * from "./message-intent";
export * from "./organization-pause";
export * from "./timeline-event";
