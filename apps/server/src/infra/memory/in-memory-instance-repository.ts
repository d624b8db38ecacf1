import type { Instance } from "../../domain/instance/instance";
import type { InstanceRepository } from "../../domain/instance/instance-repository";
import type { InstanceStatus } from "../../domain/instance/instance-status";
import type { OrganizationPause } from "../../domain/instance/organization-pause";
import { UNFINISHED_STATUSES } from "../../domain/job/execution-status";
import { DomainError } from "../../domain/shared/domain-error";
import type { InMemoryState } from "./in-memory-state";
import type { StoreAccess } from "./in-memory-store";

const UNFINISHED: readonly string[] = UNFINISHED_STATUSES;

export class InMemoryInstanceRepository implements InstanceRepository {
  constructor(private readonly access: StoreAccess) {}

  insert(instance: Instance): Promise<void> {
    return this.access((state) => {
      const taken = [...state.instances.values()].some(
        (other) => other.provider === instance.provider && other.name === instance.name,
      );
      if (taken) {
        throw new DomainError(
          "INSTANCE_EXISTS",
          `${instance.provider} already has an instance named ${instance.name}`,
        );
      }
      if (state.instances.has(instance.id)) throw new Error(`duplicate key: instance ${instance.id}`);
      state.instances.set(instance.id, structuredClone(instance));
    });
  }

  remove(id: string): Promise<void> {
    return this.access((state) => {
      state.instances.delete(id);
    });
  }

  findById(id: string): Promise<Instance | null> {
    return this.access((state) => {
      const instance = state.instances.get(id);
      return instance ? structuredClone(instance) : null;
    });
  }

  findByName(provider: string, name: string): Promise<Instance | null> {
    return this.access((state) => {
      const found = [...state.instances.values()].find((i) => i.provider === provider && i.name === name);
      return found ? structuredClone(found) : null;
    });
  }

  list(organizationId?: string): Promise<Instance[]> {
    return this.access((state) =>
      [...state.instances.values()]
        .filter((instance) => organizationId === undefined || instance.organizationId === organizationId)
        .sort(oldestFirst)
        .map((instance) => structuredClone(instance)),
    );
  }

  updateStatus(id: string, status: InstanceStatus, phoneNumber: string | null, now: Date): Promise<void> {
    return this.access((state) => {
      const instance = state.instances.get(id);
      if (instance) state.instances.set(id, { ...instance, status, phoneNumber, updatedAt: now });
    });
  }

  setPaused(id: string, paused: boolean, now: Date): Promise<Instance | null> {
    return this.access((state) => {
      const instance = state.instances.get(id);
      if (!instance) return null;
      const changed = { ...instance, paused, updatedAt: now };
      state.instances.set(id, changed);
      return structuredClone(changed);
    });
  }

  pauseOrganization(pause: OrganizationPause): Promise<void> {
    return this.access((state) => {
      if (!state.organizationPauses.has(pause.organizationId))
        state.organizationPauses.set(pause.organizationId, structuredClone(pause));
    });
  }

  resumeOrganization(organizationId: string): Promise<void> {
    return this.access((state) => {
      state.organizationPauses.delete(organizationId);
    });
  }

  findOrganizationPause(organizationId: string): Promise<OrganizationPause | null> {
    return this.access((state) => {
      const pause = state.organizationPauses.get(organizationId);
      return pause ? structuredClone(pause) : null;
    });
  }

  findLeastBusyConnected(organizationId: string): Promise<Instance | null> {
    return this.access((state) => {
      const load = unfinishedJobsByInstance(state);
      const [least] = [...state.instances.values()]
        .filter(
          (instance) =>
            instance.organizationId === organizationId && instance.status === "connected" && !instance.paused,
        )
        .sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || oldestFirst(a, b));
      return least ? structuredClone(least) : null;
    });
  }
}

function oldestFirst(a: Instance, b: Instance): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function unfinishedJobsByInstance(state: InMemoryState): Map<string, number> {
  const load = new Map<string, number>();
  for (const job of state.jobs.values()) {
    if (UNFINISHED.includes(job.status)) load.set(job.instanceId, (load.get(job.instanceId) ?? 0) + 1);
  }
  return load;
}
