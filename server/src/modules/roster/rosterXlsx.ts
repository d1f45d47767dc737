// The month roster as an xlsx grid (agents × days, shift names in the cells, coverage rows below), for
// printing and for the client's records.
import ExcelJS from 'exceljs';

interface MonthLike {
  contract: { code: string; name: string };
  month: string;
  roster: { status: string; version: number } | null;
  days: { day: string; type: string; holiday: string | null }[];
  agents: { id: number; name: string }[];
  templates: { code: string; name: string }[];
  assignments: { userId: number; day: string; templateCode: string }[];
  requirements: { id: string; label: string }[];
  coverage: { day: string; requirementId: string; required: number; planned: number }[];
}

const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];

export async function rosterXlsx(m: MonthLike): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`排班 ${m.month}`, { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }] });
  ws.addRow([`${m.contract.name} ${m.month} 排班表（${m.roster?.status === 'published' ? '已发布' : '草稿'}）`]).font =
    {
      bold: true,
    };
  ws.addRow(['坐席员', ...m.days.map((d) => Number(d.day.slice(8)))]).font = { bold: true };
  ws.addRow([
    '',
    ...m.days.map(
      (d) => d.holiday ?? (d.type === 'workday' ? WEEKDAY[new Date(`${d.day}T00:00:00Z`).getUTCDay()] : '休'),
    ),
  ]);
  const name = new Map(m.templates.map((t) => [t.code, t.name]));
  const cell = new Map(m.assignments.map((a) => [`${a.userId}|${a.day}`, name.get(a.templateCode) ?? a.templateCode]));
  for (const a of m.agents) ws.addRow([a.name, ...m.days.map((d) => cell.get(`${a.id}|${d.day}`) ?? '')]);
  ws.addRow([]);
  const cov = new Map(m.coverage.map((c) => [`${c.requirementId}|${c.day}`, c]));
  for (const r of m.requirements)
    ws.addRow([
      `${r.label}（排/需）`,
      ...m.days.map((d) => {
        const c = cov.get(`${r.id}|${d.day}`);
        return c ? `${c.planned}/${c.required}` : '';
      }),
    ]);
  ws.getColumn(1).width = 22;
  for (let i = 2; i <= m.days.length + 1; i++) ws.getColumn(i).width = 6;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
