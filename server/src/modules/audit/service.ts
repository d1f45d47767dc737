// The auditor's desk: search, export, and the chain's verification (also run by the nightly job, which
// raises an alert when a link is broken).
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { forbidden } from '../../lib/errors';
import { parse } from '../../lib/validate';
import { shanghaiDateTime } from '../tickets/exportColumns';
import type { AlertService } from '../alerts/service';
import type { Quota } from '../access/quota';
import type { SessionUser } from '../auth/service';
import type { SecuritySettings } from '../settings/domain';
import type { AuditWriter } from './repository';
import { seal, verifyChain, type ChainReport } from './chain';
import { auditQuery, auditRowsForExport, searchAudit } from './search';

export const AUDIT_ROLES = ['auditor'] as const;
const EXPORT_MAX = 50_000;

export function createAuditService(d: {
  db: Db;
  audit: AuditWriter;
  alerts: AlertService;
  quota: Quota;
  policy: () => SecuritySettings;
  clock: () => Date;
}) {
  const auditor = (user: SessionUser) => {
    if (!user.roles.includes('auditor')) throw forbidden('Only auditors read the audit trail');
  };
  let lastReport: (ChainReport & { at: string }) | null = null;
  return {
    async search(user: SessionUser, query: unknown) {
      auditor(user);
      return searchAudit(d.db, parse(auditQuery, query));
    },

    async export(user: SessionUser, query: unknown, ip: string | null) {
      auditor(user);
      const q = parse(auditQuery, query);
      await d.quota.take(user.id, 'export', d.policy().exportLimitPerHour, ip);
      const rows = await auditRowsForExport(d.db, q, EXPORT_MAX);
      const { page: _p, pageSize: _s, ...filter } = q;
      await d.audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'audit',
        entityId: 'export',
        action: 'audit.export',
        data: { filter, rows: rows.length },
        at: d.clock(),
      });
      const stamp = shanghaiDateTime(d.clock()).replace(/[-: ]/g, '').slice(0, 12);
      return {
        fileName: `audit-${stamp}.xlsx`,
        count: rows.length,
        async write(out: Writable) {
          const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false });
          const ws = wb.addWorksheet('审计记录');
          ws.columns = [
            { header: '序号 id', key: 'id', width: 10 },
            { header: '时间 time', key: 'at', width: 20 },
            { header: '用户 user', key: 'user', width: 14 },
            { header: '地址 IP', key: 'ip', width: 16 },
            { header: '操作 action', key: 'action', width: 24 },
            { header: '对象 entity', key: 'entity', width: 20 },
            { header: '工单 ticket', key: 'ticketId', width: 10 },
            { header: '变更前 before', key: 'before', width: 40 },
            { header: '变更后 after', key: 'after', width: 40 },
            { header: '数据 data', key: 'data', width: 40 },
            { header: '链序号 seal', key: 'seq', width: 10 },
          ];
          const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v).slice(0, 32_000));
          for (const r of rows)
            ws.addRow({
              id: r.id,
              at: shanghaiDateTime(new Date(r.at)),
              user: r.actor?.username ?? '系统',
              ip: r.ip ?? '',
              action: r.action,
              entity: `${r.entityType}:${r.entityId}`,
              ticketId: r.ticketId ?? '',
              before: json(r.before),
              after: json(r.after),
              data: json(r.data),
              seq: r.seq ?? '',
            }).commit();
          ws.commit();
          await wb.commit();
        },
      };
    },

    /** Seal what is pending, then walk the chain; a broken link alerts supervisors and administrators. */
    async verify(opts: { full?: boolean } = {}) {
      const now = d.clock();
      while ((await seal(d.db, now, { full: opts.full })) > 0);
      const report = await verifyChain(d.db, now);
      lastReport = { ...report, at: now.toISOString() };
      if (!report.ok)
        await d.alerts.raise('audit_chain_broken', null, { broken: report.broken, unsealed: report.unsealed });
      return lastReport;
    },

    async verifyFor(user: SessionUser) {
      auditor(user);
      return this.verify({ full: true });
    },

    /** The job's step: seal new rows (cheap; every few seconds). */
    seal: () => seal(d.db, d.clock()),
    lastReport: () => lastReport,
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
