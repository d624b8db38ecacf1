const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: an id that is not a uuid names no row, rather than failing the query. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
