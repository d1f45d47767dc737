// Ticket export: the list's filter as an xlsx file, streamed row by row (ExcelJS WorkbookWriter) so a
// 50,000-row export never sits in memory. Masked personal data only; every export is audited.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { AppError, validation } from '../../lib/errors';
import { maskPhone, type Pii } from '../../lib/pii';
import { parse } from '../../lib/validate';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import type { CategoryCatalog } from '../categories/repository';
import type { OrgCatalog } from '../org/repository';
import { EXPORT_COLUMNS, parseColumns, shanghaiDateTime, type ExportColumn, type ExportNames } from './exportColumns';
import { PHONE_LIKE, toListFilter } from './listFilter';
import type { ListCursor, ListFilter, TicketRepository, TicketRow } from './repository';
import { listQuerySchema } from './schemas';
import { scopePathOf } from './service';
import { mayPhoneSearch } from '../access/domain';
import type { Quota } from '../access/quota';
import type { SecuritySettings } from '../settings/domain';

const BATCH = 1000;
/** Assignments that no longer handle the ticket are not "its" units. */
const GONE = new Set(['cancelled', 'sent_back']);

export interface ExportServiceDeps {
  db: Db;
  repo: TicketRepository;
  pii: Pii;
  audit: AuditWriter;
  catalog: CategoryCatalog;
  org: OrgCatalog;
  maxRows: number;
  clock: () => Date;
  quota: Quota;
  policy: () => SecuritySettings;
}

export function createExportService(deps: ExportServiceDeps) {
  const { db, repo, pii, audit, catalog, org, maxRows, clock } = deps;

  async function writeXlsx(out: Writable, filter: ListFilter, columns: ExportColumn[], limit: number) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('工单', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((k) => ({ header: EXPORT_COLUMNS[k].header, key: k, width: EXPORT_COLUMNS[k].width }));
    ws.getRow(1).font = { bold: true };
    const withUnits = columns.includes('units');
    let cursor: ListCursor | null = null;
    let written = 0;
    while (written < limit) {
      const rows: TicketRow[] = await repo.listAfter(db, filter, cursor, Math.min(BATCH, limit - written));
      if (!rows.length) break;
      const handlers = new Map<number, string[]>();
      if (withUnits)
        for (const a of await repo.assignmentsOf(
          db,
          rows.map((t) => t.id),
        )) {
          if (GONE.has(a.status)) continue;
          const list = handlers.get(a.ticketId) ?? [];
          if (!list.includes(a.unitName)) list.push(a.unitName);
          handlers.set(a.ticketId, list);
        }
      await org.ensure(rows.flatMap((t) => [t.streetId, t.communityId]));
      const names: ExportNames = {
        category: (id) => catalog.get(id)?.name,
        unit: (id) => org.get(id)?.name,
        handlers: (id) => handlers.get(id) ?? [],
      };
      for (const t of rows) ws.addRow(columns.map((k) => EXPORT_COLUMNS[k].value(t, names))).commit();
      written += rows.length;
      const last = rows[rows.length - 1];
      cursor = { at: filter.sort === 'closeDueAt' ? last.closeDueAt : last.receivedAt, id: last.id };
    }
    ws.commit();
    await wb.commit();
    return written;
  }

  return {
    /**
     * Validate, count (over the limit: 400 EXPORT_TOO_LARGE with the count) and audit; the caller then
     * sets the download headers and calls write(). The audit row is written before the first byte, so
     * an export that is cut off half-way is still on record.
     */
    async prepare(user: SessionUser, query: Record<string, unknown>, ip: string | null) {
      const { columns: rawColumns, ...rest } = query;
      const q = parse(listQuerySchema, rest);
      const { columns, unknown } = parseColumns(rawColumns);
      if (unknown.length) throw validation({ columns: `Unknown column: ${unknown.join(', ')}` });
      const filter = toListFilter(q, pii, scopePathOf(user), { phoneSearch: mayPhoneSearch(user.roles) });
      const count = await repo.count(db, filter);
      if (count > maxRows)
        throw new AppError(
          'EXPORT_TOO_LARGE',
          `${count} tickets match; at most ${maxRows} can be exported at once`,
          undefined,
          { count, max: maxRows },
        );
      // an export carries many callers at once: counted against the user's hourly export limit
      await deps.quota.take(user.id, 'export', deps.policy().exportLimitPerHour, ip);
      const { page: _page, pageSize: _size, ...criteria } = q;
      // a search by phone number goes into the audit trail masked, like every other phone
      if (criteria.q && PHONE_LIKE.test(criteria.q)) criteria.q = maskPhone(criteria.q);
      await audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'ticket_list',
        entityId: 'export',
        action: 'ticket.export',
        data: { filter: criteria, rows: count, columns, scope: filter.scopePath ?? null },
      });
      const stamp = shanghaiDateTime(clock()).replace(/[-: ]/g, '').slice(0, 12);
      return {
        count,
        fileName: `tickets-${stamp}.xlsx`,
        write: (out: Writable) => writeXlsx(out, filter, columns, maxRows),
      };
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
