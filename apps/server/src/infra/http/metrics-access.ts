/**
 * Who may read /metrics (job counts across every organization): anyone, only a caller presenting
 * `Authorization: Bearer <token>`, or nobody.
 */
export type MetricsAccess = { kind: "public" } | { kind: "token"; token: string } | { kind: "off" };
