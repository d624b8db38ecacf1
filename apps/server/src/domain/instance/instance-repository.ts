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

/**
 * A deletion takes `update`; what puts new work on an instance takes `key share` (as the job's
 * foreign key does), so either waits for the other and then sees its outcome.
 */
export type InstanceLock = "update" | "key share";

export interface InstanceRepository {
  /** Fails with DomainError `INSTANCE_EXISTS` when the provider already has a live instance of that gateway name. */
  insert(instance: Instance): Promise<void>;
  /** Takes back a registration whose gateway setup failed (it has no jobs yet). */
  remove(id: string): Promise<void>;
  /** Deleted instances too: their messages' history still names them. */
  findById(id: string, options?: { lock?: InstanceLock }): Promise<Instance | null>;
  /** The live instance a provider knows by `gatewayName` (unique per provider among live instances). */
  findByGatewayName(provider: string, gatewayName: string): Promise<Instance | null>;
  /** Live instances only, unless `withDeleted` (what a history needs to name them). */
  list(organizationId?: string, options?: { withDeleted?: boolean }): Promise<Instance[]>;
  /** What a deletion must wait for: its jobs not finished yet (UNCONFIRMED included) and its scheduled intents. */
  countUnfinishedWork(id: string): Promise<number>;
  /** Soft delete: the row stays for history; lists, gateway lookups and approvals no longer see it. */
  markDeleted(id: string, now: Date): Promise<void>;
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
  /** Applies the change (a rename leaves the gateway name alone); returns the instance as it is now, or null when it does not exist. */
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
