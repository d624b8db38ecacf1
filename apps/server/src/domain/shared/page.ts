/** One page of a list ordered newest first; `nextCursor` is opaque to callers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many rows the whole filter matches (not only this page), counted up to a cap. */
  total: number;
  /** True when counting stopped at the cap: there are more than `total`. */
  totalCapped: boolean;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** A creation-time window: from inclusive, to exclusive, so that adjacent windows never overlap. */
export interface CreatedRange {
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
}
