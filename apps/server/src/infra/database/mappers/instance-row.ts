import type { Instance } from "../../../domain/instance/instance";
import type { InstanceRow } from "../schema";

export function instanceFromRow(row: InstanceRow): Instance {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    provider: row.provider,
    status: row.status,
    phoneNumber: row.phoneNumber,
    paused: row.paused,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

// The entity is a plain record of the row's own fields; copying field by field drops anything extra.
export function instanceToRow(instance: Instance): InstanceRow {
  return instanceFromRow(instance);
}
