import { EXPORT_COLUMNS, EXPORT_COLUMN_KEYS, parseColumns, shanghaiDateTime } from './exportColumns';
import type { TicketRow } from './repository';

test('times are written in Asia/Shanghai', () => {
  expect(shanghaiDateTime(new Date('2026-03-01T16:30:05Z'))).toBe('2026-03-02 00:30:05');
  expect(shanghaiDateTime(null)).toBe('');
});

test('columns: known keys in the order asked, unknown ones reported, empty means all', () => {
  expect(parseColumns('status,number,status')).toEqual({ columns: ['status', 'number'], unknown: [] });
  expect(parseColumns('number,secret')).toEqual({ columns: ['number'], unknown: ['secret'] });
  expect(parseColumns(undefined).columns).toEqual(EXPORT_COLUMN_KEYS);
});

test('cells carry masked personal data and Chinese labels', () => {
  const t = {
    id: 1,
    number: 'HL-20260301-000001',
    status: 'processing',
    urgency: 'urgent',
    channel: 'phone_12345',
    callerName: null,
    callerNameMasked: '张**',
    callerPhoneMasked: '138****1234',
    callerPhoneEnc: 'v1.secret',
    addressMasked: '朝阳区建国路****',
    categoryId: 3,
    streetId: null,
    communityId: null,
    overdue: true,
  } as unknown as TicketRow;
  const n = { category: () => '噪声', unit: () => undefined, handlers: () => ['城管委', '住建委'] };
  const cell = (k: keyof typeof EXPORT_COLUMNS) => EXPORT_COLUMNS[k].value(t, n);
  expect([cell('status'), cell('urgency'), cell('channel')]).toEqual(['办理中', '紧急', '12345热线']);
  expect([cell('caller'), cell('phone'), cell('address')]).toEqual(['张**', '138****1234', '朝阳区建国路****']);
  expect([cell('units'), cell('overdue'), cell('street')]).toEqual(['城管委、住建委', '是', '']);
});
