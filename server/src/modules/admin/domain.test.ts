// The pure rules of reference data: tree placement, revisions, inherited limits, credit codes, live lines.
import { lineFor, parseLines, DEFAULT_LINES, type LineConfig } from '@hotline-desk/telephony';
import {
  childPath,
  contentRev,
  creditCodeProblem,
  effectiveLimits,
  limitOrderErrors,
  lineSkills,
  mayHoldChild,
  replaceLines,
  routableLines,
  subtree,
  type LimitSet,
} from './domain';

test('a unit goes only where it belongs, and its path extends its parent’s', () => {
  expect(mayHoldChild('centre', 'street')).toBe(true);
  expect(mayHoldChild('street', 'community')).toBe(true);
  expect(mayHoldChild('street', 'department')).toBe(false);
  expect(mayHoldChild('community', 'community')).toBe(false);
  expect(mayHoldChild('nonsense', 'street')).toBe(false);
  expect(childPath('/1/4/', 12)).toBe('/1/4/12/');
  const rows = [{ path: '/1/' }, { path: '/1/4/' }, { path: '/1/4/12/' }, { path: '/1/40/' }];
  expect(subtree(rows, '/1/4/').map((r) => r.path)).toEqual(['/1/4/', '/1/4/12/']);
});

test('a revision changes with any field and not with key order', () => {
  const a = contentRev({ name: '东湖街道', code: 'st1', sort: 0 });
  expect(contentRev({ sort: 0, code: 'st1', name: '东湖街道' })).toBe(a);
  expect(contentRev({ name: '东湖街道', code: 'st1', sort: 1 })).not.toBe(a);
  expect(contentRev({ limits: { normal: null } })).not.toBe(contentRev({ limits: { normal: { v: 1 } } }));
});

const L = (
  sign: number,
  feedback: number,
  close: number,
  unit: LimitSet['sign']['unit'] = 'working_days',
): LimitSet => ({
  sign: { value: sign, unit },
  feedback: { value: feedback, unit },
  close: { value: close, unit },
});

test('limits are inherited from the nearest ancestor that has them, saying from where', () => {
  const cats = new Map([
    [1, { id: 1, parentId: null }],
    [2, { id: 2, parentId: 1 }],
    [3, { id: 3, parentId: 2 }],
  ]);
  const own = new Map([
    ['1:normal', L(1, 3, 5)],
    ['2:urgent', L(1, 2, 3)],
  ]);
  expect(effectiveLimits(cats, own, 3, 'normal')).toEqual({ limits: L(1, 3, 5), fromCategoryId: 1 });
  expect(effectiveLimits(cats, own, 3, 'urgent')).toEqual({ limits: L(1, 2, 3), fromCategoryId: 2 });
  expect(effectiveLimits(cats, own, 3, 'critical')).toBeNull();
  // a cycle in bad data ends the walk instead of looping
  const loop = new Map([
    [5, { id: 5, parentId: 6 }],
    [6, { id: 6, parentId: 5 }],
  ]);
  expect(effectiveLimits(loop, own, 5, 'normal')).toBeNull();
});

test('a sign limit longer than the feedback one (same unit) is named; different units are not compared', () => {
  expect(limitOrderErrors(L(5, 3, 10), 'limits.normal')).toEqual({
    'limits.normal.sign.value': 'must not be longer than the feedback limit',
  });
  expect(limitOrderErrors(L(1, 30, 10), 'x')).toHaveProperty(['x.feedback.value']);
  expect(limitOrderErrors({ ...L(1, 3, 5), sign: { value: 24, unit: 'working_hours' } }, 'x')).toEqual({});
});

test('统一社会信用代码: 18 characters, its alphabet, the division code and the check character', () => {
  expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
  expect(creditCodeProblem('91440300708461136T')).toBeNull();
  expect(creditCodeProblem('91350100M000100Y44')).toMatch(/check/);
  expect(creditCodeProblem('91350100M000100Y4')).toMatch(/18/);
  expect(creditCodeProblem('91350100M000100IO3')).toMatch(/not allowed/);
  expect(creditCodeProblem('91A50100M000100Y43')).toMatch(/division/);
});

test('the lines array the SIP application holds is refilled in place: the next lookup sees the change', () => {
  const held: LineConfig[] = parseLines(DEFAULT_LINES); // what the running application's config points at
  const same = held;
  const rows = [
    { did: '12345', name: '12345', queue: 'citizen', priority: 1, skill: 'citizen', emergency: false, active: true },
    { did: '96119', name: '一键呼', queue: 'onekey', priority: 9, skill: 'onekey', emergency: true, active: true },
    { did: '96110', name: '养老', queue: 'elder', priority: 5, skill: 'elder', emergency: false, active: false },
    { did: '12399', name: '新线路', queue: 'water', priority: 3, skill: null, emergency: false, active: true },
  ];
  replaceLines(held, routableLines(rows));
  expect(held).toBe(same);
  expect(held.map((l) => l.did)).toEqual(['96119', '12399', '12345']); // active only, priority first
  expect(lineFor(held, 'sip:12399@hotline.local')).toEqual({
    did: '12399',
    queue: 'water',
    priority: 3,
    name: '新线路',
  });
  expect(lineFor(held, '96110')).toBeNull();
  expect(lineFor(held, '96119')?.emergency).toBe(true);
  expect(lineSkills(held)).toEqual(['citizen', 'onekey']);
});
