// Attendance of a day: planned shifts against presence history (late, left early, absent, unattended seats).
import { z } from 'zod';
import type { Db } from '../../db/client';
import { forbidden } from '../../lib/errors';
import { dayString, parse } from '../../lib/validate';
import type { SessionUser } from '../auth/service';
import type { Contract } from '../contracts/domain';
import type { PresenceRepository } from '../presence/repository';
import { attendance, unattendedIncidents, type PresenceInterval } from './domain/attendance';
import type { RosterRepository } from './repository';
import { toAssignment, toTemplate } from './view';

const VIEW_ROLES = ['admin', 'shift_leader', 'supervisor'];
const day = dayString('YYYY-MM-DD');

export function createAttendanceService(d: {
  db: Db;
  repo: RosterRepository;
  presence: PresenceRepository;
  contractInForce: (code: string, range: { from: string; to: string }) => Promise<Contract | null>;
  clock: () => Date;
}) {
  const { db, repo } = d;
  const has = (u: SessionUser, roles: string[]) => u.roles.some((r) => roles.includes(r));
  return {
    /** Planned vs actual for the shifts starting on `day`: late, left early, absent, unattended incidents. */
    async attendanceOf(user: SessionUser, query: unknown) {
      if (!has(user, VIEW_ROLES)) throw forbidden();
      const q = parse(z.object({ contract: z.string().min(1), day }), query);
      const contract = await d.contractInForce(q.contract, { from: q.day, to: q.day });
      const shifts = await repo.assignmentsBetween(db, {
        contractCode: q.contract,
        from: q.day,
        to: q.day,
        published: true,
      });
      const templates = (await repo.templates(db)).map(toTemplate);
      const ids = [...new Set(shifts.map((s) => s.userId))];
      const from = new Date(`${q.day}T00:00:00+08:00`);
      const history = await d.presence.historyOfMany(db, ids, from, new Date(from.getTime() + 2 * 86_400_000));
      const presence: PresenceInterval[] = history.map((e) => ({
        agentId: String(e.userId),
        state: e.state as PresenceInterval['state'],
        reason: e.reason,
        from: e.startedAt.toISOString(),
        to: e.endedAt?.toISOString() ?? null,
      }));
      const att = contract?.attendance;
      const input = {
        assignments: shifts.map(toAssignment),
        templates,
        presence,
        now: d.clock().toISOString(),
        config: att
          ? {
              graceMinutes: att.graceMinutes,
              staffedMinRatio: att.staffedMinRatio,
              unattended: { ...att.unattended, states: att.unattended.states as PresenceInterval['state'][] },
            }
          : undefined,
      };
      const names = new Map((await repo.rosteredAgents(db)).map((a) => [a.id, a.displayName]));
      return {
        day: q.day,
        rows: attendance(input).map((r) => ({ ...r, name: names.get(Number(r.agentId)) ?? r.agentId })),
        incidents: unattendedIncidents(input).map((i) => ({ ...i, name: names.get(Number(i.agentId)) ?? i.agentId })),
        planned: shifts.length,
      };
    },
  };
}
