import type { JobError } from "../job/job-error";
import type { Instance } from "./instance";
import type { InstancePacing, InstanceWarmup, RecentSends, SendingWindow } from "./instance-pacing";
import type { InstanceStatus } from "./instance-status";
import type { OrganizationPause } from "./organization-pause";

/** What PATCH changes: an absent field stays, null removes. */
export interface InstanceSettingsChange {
  name?: string | undefined;
  pacing?: InstancePacing | null | undefined;
  warmup?: InstanceWarmup | null | undefined;
  sendingWindow?: SendingWindow | null | undefined;
  checkRecipients?: boolean | undefined;
}

export interface InstanceRepository {
  /** Fails with DomainError `INSTANCE_EXISTS` when the provider already has an instance of that name. */
  insert(instance: Instance): Promise<void>;
  /** Takes back a registration whose gateway setup failed (it has no jobs yet). */
  remove(id: string): Promise<void>;
  findById(id: string): Promise<Instance | null>;
  /** The instance a provider knows by `name` (names are unique per provider). */
  findByName(provider: string, name: string): Promise<Instance | null>;
  list(organizationId?: string): Promise<Instance[]>;
  /** `connected` also lifts the instance's hold: its waiting jobs become claimable at once. */
  updateStatus(id: string, status: InstanceStatus, phoneNumber: string | null, now: Date): Promise<void>;
  /** Puts the instance on hold (an earlier hold keeps its time; the newer reason wins): its jobs wait unclaimed. */
  hold(id: string, status: InstanceStatus, cause: JobError): Promise<void>;
  /**
   * Takes the held instances whose next probe is due (skipping those another prober holds) and
   * sets their next probe after a backoff that doubles per probe, from `baseMs` up to `maxMs`: one
   * probe per held instance across every process.
   */
  claimHoldProbes(limit: number, backoff: { baseMs: number; maxMs: number }): Promise<Instance[]>;
  /**
   * Applies the change; returns the instance as it is now, or null when it does not exist. Fails
   * with DomainError `INSTANCE_EXISTS` when its provider already has an instance of the new name.
   */
  updateSettings(id: string, change: InstanceSettingsChange, now: Date): Promise<Instance | null>;
  /** Each instance's sends in the rolling minute, hour and day (paced numbers only record them) and today's daily cap. */
  recentSends(ids: string[]): Promise<Map<string, RecentSends>>;
  /** Pauses or resumes one instance; returns it as it is now, or null when it does not exist. */
  setPaused(id: string, paused: boolean, now: Date): Promise<Instance | null>;
  /** While an organization is paused, none of its jobs is claimed. Pausing twice keeps the first pause. */
  pauseOrganization(pause: OrganizationPause): Promise<void>;
  resumeOrganization(organizationId: string): Promise<void>;
  findOrganizationPause(organizationId: string): Promise<OrganizationPause | null>;
  /** The organization's connected, unpaused instance with the fewest unfinished jobs (ties: oldest first). */
  findLeastBusyConnected(organizationId: string): Promise<Instance | null>;
}
