/** A tenant. Its id scopes every intent, job, instance and timeline row. */
export interface Organization {
  id: string;
  name: string;
  createdAt: Date;
}

/** The organization every row written before API keys belongs to. */
export const DEFAULT_ORGANIZATION = { id: "default", name: "default" } as const;
