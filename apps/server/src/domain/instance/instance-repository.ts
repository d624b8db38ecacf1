import type { Instance } from "./instance";
import type { InstanceStatus } from "./instance-status";

export interface InstanceRepository {
  /** Fails with DomainError `INSTANCE_EXISTS` when the provider already has an instance of that name. */
  insert(instance: Instance): Promise<void>;
  findById(id: string): Promise<Instance | null>;
  /** The instance a provider knows by `name` (names are unique per provider). */
  findByName(provider: string, name: string): Promise<Instance | null>;
  list(organizationId?: string): Promise<Instance[]>;
  updateStatus(id: string, status: InstanceStatus, phoneNumber: string | null, now: Date): Promise<void>;
  /** The organization's connected instance with the fewest unfinished jobs (ties: oldest first). */
  findLeastBusyConnected(organizationId: string): Promise<Instance | null>;
}
