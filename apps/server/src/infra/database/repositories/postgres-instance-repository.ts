import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Instance } from "../../../domain/instance/instance";
import type { RecentSends } from "../../../domain/instance/instance-pacing";
import type {
  InstanceLock,
  InstanceRepository,
  InstanceSettingsChange,
} from "../../../domain/instance/instance-repository";
import type { InstanceStatus } from "../../../domain/instance/instance-status";
import type { OrganizationPause } from "../../../domain/instance/organization-pause";
import { UNFINISHED_STATUSES } from "../../../domain/job/execution-status";
import type { JobError } from "../../../domain/job/job-error";
import { DomainError } from "../../../domain/shared/domain-error";
import type { Db } from "../database";
import { instanceFromRow, instanceToRow } from "../mappers/instance-row";
import { RUNNABLE_JOB_CHANNEL } from "../notification-channels";
import {
  instanceTable as instance,
  messageExecutionJobTable as job,
  organizationPauseTable as organizationPause,
} from "../schema";
import { claimHoldProbes } from "../sql/claim-hold-probes.sql";
import { dayCap, sendsWithin } from "../sql/pacing-rules.sql";
import { arrayParam } from "../sql/params";
import { queryRows } from "../sql/query-rows";
import { isUniqueViolation } from "../unique-violation";
import { isUuid } from "../uuid";

const NO_HOLD = { heldSince: null, holdCode: null, holdMessage: null, nextProbeAt: null, probes: 0 };

export class PostgresInstanceRepository implements InstanceRepository {
  constructor(private readonly db: Db) {}

  async insert(entity: Instance): Promise<void> {
    try {
      await this.db.insert(instance).values(instanceToRow(entity));
    } catch (error) {
      if (!isUniqueViolation(error, "instance_provider_gateway_name_unique")) throw error;
      throw new DomainError(
        "INSTANCE_EXISTS",
        `${entity.provider} already has an instance named ${entity.gatewayName}`,
      );
    }
  }

  async remove(id: string): Promise<void> {
    await this.db.delete(instance).where(eq(instance.id, id));
  }

  async findById(id: string, options: { lock?: InstanceLock } = {}): Promise<Instance | null> {
    if (!isUuid(id)) return null;
    const query = this.db.select().from(instance).where(eq(instance.id, id));
    const [row] = options.lock ? await query.for(options.lock) : await query;
    return row ? instanceFromRow(row) : null;
  }

  async findByGatewayName(provider: string, gatewayName: string): Promise<Instance | null> {
    const [row] = await this.db
      .select()
      .from(instance)
      .where(
        and(
          eq(instance.provider, provider),
          eq(instance.gatewayName, gatewayName),
          isNull(instance.deletedAt),
        ),
      );
    return row ? instanceFromRow(row) : null;
  }

  async list(organizationId?: string, options: { withDeleted?: boolean } = {}): Promise<Instance[]> {
    const rows = await this.db
      .select()
      .from(instance)
      .where(
        and(
          options.withDeleted ? undefined : isNull(instance.deletedAt),
          organizationId === undefined ? undefined : eq(instance.organizationId, organizationId),
        ),
      )
      .orderBy(asc(instance.createdAt), asc(instance.id));
    return rows.map(instanceFromRow);
  }

  async countUnfinishedWork(id: string): Promise<number> {
    const [row] = await queryRows<{ unfinished: string }>(
      this.db,
      sql`select (select count(*) from message_execution_job
                   where instance_id = ${id} and status in ('PENDING', 'RETRY', 'PROCESSING', 'UNCONFIRMED'))
               + (select count(*) from message_intent
                   where decided_by_instance_id = ${id} and status = 'QUEUED') as unfinished`,
    );
    return Number(row?.unfinished ?? 0);
  }

  async markDeleted(id: string, now: Date): Promise<void> {
    await this.db.update(instance).set({ deletedAt: now, updatedAt: now }).where(eq(instance.id, id));
  }

  async updateStatus(
    id: string,
    status: InstanceStatus,
    phoneNumber: string | null,
    now: Date,
  ): Promise<void> {
    if (!isUuid(id)) return;
    // A connected number can send: whatever held it is over, and its waiting jobs are runnable again.
    const lift = status === "connected" ? NO_HOLD : {};
    const [lifted] = await this.db
      .update(instance)
      .set({ status, phoneNumber, updatedAt: now, ...lift })
      .where(eq(instance.id, id))
      .returning({ id: instance.id });
    if (lifted && status === "connected")
      await this.db.execute(sql`select pg_notify(${RUNNABLE_JOB_CHANNEL}, '')`);
  }

  async hold(id: string, status: InstanceStatus, cause: JobError): Promise<void> {
    if (!isUuid(id)) return;
    await this.db
      .update(instance)
      .set({
        status,
        heldSince: sql`coalesce(${instance.heldSince}, now())`,
        holdCode: cause.code,
        holdMessage: cause.message,
        nextProbeAt: sql`coalesce(${instance.nextProbeAt}, now())`,
        updatedAt: sql`now()`,
      })
      .where(eq(instance.id, id));
  }

  claimHoldProbes(limit: number, backoff: { baseMs: number; maxMs: number }): Promise<Instance[]> {
    return claimHoldProbes(this.db, limit, backoff);
  }

  async setPaused(id: string, paused: boolean, now: Date): Promise<Instance | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .update(instance)
      .set({ paused, updatedAt: now })
      .where(eq(instance.id, id))
      .returning();
    return row ? instanceFromRow(row) : null;
  }

  async updateSettings(id: string, change: InstanceSettingsChange, now: Date): Promise<Instance | null> {
    if (!isUuid(id)) return null;
    const zone = change.sendingWindow?.timeZone;
    // A zone the runtime knows but PostgreSQL does not would break every claim: refused here (22023 → 400).
    if (zone !== undefined) await this.db.execute(sql`select now() at time zone ${zone}`);
    const [row] = await this.db
      .update(instance)
      .set({ ...change, updatedAt: now })
      .where(eq(instance.id, id))
      .returning();
    return row ? instanceFromRow(row) : null;
  }

  async recentSends(ids: string[]): Promise<Map<string, RecentSends>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{
      id: string;
      minute: string;
      hour: string;
      day: string;
      cap: string | null;
    }>(
      this.db,
      sql`select instance.id, ${sendsWithin(sql`instance`, "1 minute")} as minute,
                 ${sendsWithin(sql`instance`, "1 hour")} as hour, ${sendsWithin(sql`instance`, "1 day")} as day,
                 ${dayCap(sql`instance`)} as cap
          from instance where instance.id = any(${arrayParam(ids, "uuid")})`,
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          lastMinute: Number(row.minute),
          lastHour: Number(row.hour),
          lastDay: Number(row.day),
          dayCap: row.cap === null ? null : Number(row.cap),
        },
      ]),
    );
  }

  async pauseOrganization(pause: OrganizationPause): Promise<void> {
    await this.db.insert(organizationPause).values(pause).onConflictDoNothing();
  }

  async resumeOrganization(organizationId: string): Promise<void> {
    await this.db.delete(organizationPause).where(eq(organizationPause.organizationId, organizationId));
  }

  async findOrganizationPause(organizationId: string): Promise<OrganizationPause | null> {
    const [row] = await this.db
      .select()
      .from(organizationPause)
      .where(eq(organizationPause.organizationId, organizationId));
    return row ?? null;
  }

  async findLeastBusyConnected(organizationId: string): Promise<Instance | null> {
    const [row] = await this.db
      .select({ instance })
      .from(instance)
      .leftJoin(job, and(eq(job.instanceId, instance.id), inArray(job.status, UNFINISHED_STATUSES)))
      .where(
        and(
          eq(instance.organizationId, organizationId),
          eq(instance.status, "connected"),
          eq(instance.paused, false),
          isNull(instance.deletedAt),
        ),
      )
      .groupBy(instance.id)
      .orderBy(count(job.id), asc(instance.createdAt), asc(instance.id))
      .limit(1);
    return row ? instanceFromRow(row.instance) : null;
  }
}
