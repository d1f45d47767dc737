// GET /api/health: each dependency on its own, and one overall verdict.
//
//   status 'ok'        the database answers, the job runner is healthy (or off), telephony is connected (or off)
//   status 'degraded'  the database answers but jobs or telephony do not: tickets, lists and the desk work,
//                      timers or calls do not; HTTP 200, because this node still serves (a load balancer must
//                      not take every node out because drachtio restarts)
//   status 'down'      the database does not answer: nothing useful can be served; HTTP 503
import type pg from 'pg';
import { pingDb } from '../db/client';
import type { JobRunner } from '../jobs/agenda';
import { processStatus } from '../lib/processGuard';
import type { Services } from '../services';

export async function databaseHealth(pool: pg.Pool) {
  const ping = await pingDb(pool);
  return {
    ...ping,
    pool: {
      max: pool.options.max ?? null,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    },
  };
}

export async function healthReport(s: Pick<Services, 'pool' | 'jobs' | 'telephony'>) {
  const jobsRunner: JobRunner | null = s.jobs;
  const [database, jobs] = await Promise.all([databaseHealth(s.pool), jobsRunner ? jobsRunner.check() : null]);
  const telephony = s.telephony ? s.telephony.status() : null;
  const degraded = (jobs !== null && !jobs.ok) || (telephony !== null && !telephony.connected);
  const status = !database.ok ? 'down' : degraded ? 'degraded' : 'ok';
  return {
    httpStatus: database.ok ? 200 : 503,
    body: {
      status,
      database,
      jobs: jobs ?? ('disabled' as const),
      telephony: telephony ?? ('disabled' as const),
      process: processStatus(),
      time: new Date().toISOString(),
    },
  };
}
