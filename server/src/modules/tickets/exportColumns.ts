// Columns of the ticket export (xlsx): Chinese headers, masked personal data only, times in Asia/Shanghai.
// Pure: the value of a cell depends only on the row and the name lookups (unit-tested).
import type { TicketRow } from './repository';

export const STATUS_ZH: Record<string, string> = {
  received: '受理',
  processing: '办理中',
  pending_review: '待审核',
  pending_revisit: '待回访',
  revisit_failed: '回访未通过',
  closed: '办结',
  merged: '已合并',
};
export const CHANNEL_ZH: Record<string, string> = {
  phone_12345: '12345热线',
  elder_hotline: '养老服务热线',
  one_key_device: '一键呼',
  weibo: '微博',
  web: '网站',
  message_board: '留言板',
};
export const URGENCY_ZH: Record<string, string> = { normal: '一般', urgent: '紧急', critical: '特急' };

/** China has had no daylight saving since 1991: a fixed +08:00 is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai ('' for no time). */
export function shanghaiDateTime(d: Date | null | undefined): string {
  if (!d) return '';
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export interface ExportNames {
  category(id: number): string | undefined;
  unit(id: number | null): string | undefined;
  /** unit names handling the ticket (active assignments) */
  handlers(ticketId: number): string[];
}

interface Column {
  header: string;
  width: number;
  value(t: TicketRow, n: ExportNames): string;
}

export const EXPORT_COLUMNS = {
  number: { header: '工单编号', width: 22, value: (t) => t.number },
  status: { header: '状态', width: 10, value: (t) => STATUS_ZH[t.status] ?? t.status },
  urgency: { header: '紧急程度', width: 9, value: (t) => URGENCY_ZH[t.urgency] ?? t.urgency },
  channel: { header: '来源渠道', width: 13, value: (t) => CHANNEL_ZH[t.channel] ?? t.channel },
  caller: { header: '来电人', width: 10, value: (t) => t.callerNameMasked ?? '' },
  phone: { header: '来电号码', width: 14, value: (t) => t.callerPhoneMasked ?? '' },
  category: { header: '诉求分类', width: 16, value: (t, n) => n.category(t.categoryId) ?? '' },
  street: { header: '街道', width: 14, value: (t, n) => n.unit(t.streetId) ?? '' },
  community: { header: '社区', width: 14, value: (t, n) => n.unit(t.communityId) ?? '' },
  address: { header: '地址', width: 18, value: (t) => t.addressMasked ?? '' },
  content: { header: '诉求内容', width: 60, value: (t) => t.content },
  units: { header: '承办单位', width: 24, value: (t, n) => n.handlers(t.id).join('、') },
  receivedAt: { header: '受理时间', width: 20, value: (t) => shanghaiDateTime(t.receivedAt) },
  closeDueAt: { header: '办结时限', width: 20, value: (t) => shanghaiDateTime(t.closeDueAt) },
  overdue: { header: '是否超期', width: 9, value: (t) => (t.overdue ? '是' : '否') },
  closedAt: { header: '办结时间', width: 20, value: (t) => shanghaiDateTime(t.closedAt) },
} satisfies Record<string, Column>;

export type ExportColumn = keyof typeof EXPORT_COLUMNS;
export const EXPORT_COLUMN_KEYS = Object.keys(EXPORT_COLUMNS) as ExportColumn[];

/** `columns=a,b,c` from the query (unknown keys are a 400, listed by the caller); empty: every column. */
export function parseColumns(raw: unknown): { columns: ExportColumn[]; unknown: string[] } {
  const list =
    typeof raw === 'string'
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const unknown = list.filter((k) => !(k in EXPORT_COLUMNS));
  const columns = [...new Set(list.filter((k): k is ExportColumn => k in EXPORT_COLUMNS))];
  return { columns: columns.length ? columns : EXPORT_COLUMN_KEYS, unknown };
}
