// A settlement statement as an xlsx workbook: the summary and every line on the first sheet, each line's
// evidence (which shift, agent, incident, ticket or client entry) on the second.
import ExcelJS from 'exceljs';
import type { Statement } from './domain';

const yuan = (fen: number) => Math.round(fen) / 100;

export async function statementXlsx(s: Statement, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('结算单');
  ws.columns = [
    { key: 'a', width: 34 },
    { key: 'b', width: 16 },
    { key: 'c', width: 12 },
    { key: 'd', width: 10 },
    { key: 'e', width: 14 },
    { key: 'f', width: 44 },
    { key: 'g', width: 14 },
    { key: 'h', width: 14 },
    { key: 'i', width: 18 },
  ];
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow(['合同编号', s.contractCode, '版本', s.version]);
  ws.addRow(['结算期间', `${s.period.from} 至 ${s.period.to}`, '计入合同期', `${s.covered.from} 至 ${s.covered.to}`]);
  ws.addRow([]);
  ws.addRow(['服务费', '计量', '数量', '单价(元)', '金额(元)', '计算']).font = { bold: true };
  for (const f of s.fee.lines)
    ws.addRow([
      f.label,
      f.metric,
      f.count,
      f.unitFen === undefined ? '' : yuan(f.unitFen),
      yuan(f.amountFen),
      f.formula,
    ]);
  if (s.fee.capNote) ws.addRow(['封顶', '', '', '', yuan(s.fee.cappedFen), s.fee.capNote]);
  ws.addRow(['应付服务费合计', '', '', '', yuan(s.grossFen)]).font = { bold: true };
  ws.addRow([]);
  const head = ws.addRow([
    '扣款项目',
    '依据',
    '期间',
    '计数',
    '单价/比例',
    '计算',
    '金额(元)',
    '封顶后(元)',
    '证据条数',
  ]);
  head.font = { bold: true };
  for (const l of s.lines)
    ws.addRow([
      l.label,
      l.source,
      l.period,
      l.count,
      l.unitFen !== undefined
        ? yuan(l.unitFen)
        : l.percent !== undefined
          ? `${l.percent}%`
          : l.perMille !== undefined
            ? `${l.perMille}‰`
            : '',
      l.formula + (l.capNote ? `（${l.capNote}）` : ''),
      yuan(l.amountFen),
      yuan(l.cappedFen),
      l.evidence.length,
    ]);
  ws.addRow(['扣款合计', '', '', '', '', '', '', yuan(s.deductionsFen)]).font = { bold: true };
  ws.addRow(['扣款后应付金额', '', '', '', '', '', '', yuan(s.payableFen)]).font = { bold: true };

  const ev = wb.addWorksheet('证据');
  ev.columns = [
    { header: '扣款项目', key: 'rule', width: 30 },
    { header: '期间', key: 'period', width: 12 },
    { header: '类型', key: 'kind', width: 12 },
    { header: '日期', key: 'day', width: 12 },
    { header: '说明', key: 'label', width: 60 },
    { header: '来源记录', key: 'ref', width: 24 },
  ];
  ev.getRow(1).font = { bold: true };
  for (const l of s.lines)
    for (const e of l.evidence)
      ev.addRow({
        rule: l.label,
        period: l.period,
        kind: e.kind,
        day: e.day ?? '',
        label: e.label,
        ref: e.ref,
      });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
