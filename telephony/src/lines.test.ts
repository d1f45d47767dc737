import { DEFAULT_LINES, lineFor, parseLines } from './lines';

test('the default lines: citizen, elder-care and the one-key emergency line with the highest priority', () => {
  const lines = parseLines(DEFAULT_LINES);
  expect(lines).toEqual([
    { did: '12345', queue: 'citizen', priority: 1, name: '12345 市民服务热线', skill: 'citizen' },
    { did: '96110', queue: 'elder', priority: 5, name: '养老服务热线', skill: 'elder' },
    { did: '96119', queue: 'onekey', priority: 9, name: '一键呼 紧急呼叫', skill: 'onekey', emergency: true },
  ]);
  expect(Math.max(...lines.map((l) => l.priority))).toBe(lines.find((l) => l.emergency)!.priority);
});

test('a line without a skill, and spaces around parts', () => {
  expect(parseLines(' 12345 : citizen : 2 ')).toEqual([
    { did: '12345', queue: 'citizen', priority: 2, name: '12345 市民服务热线' },
  ]);
});

test.each([
  ['', 'no line'],
  ['abc:citizen:1', 'DID'],
  ['12345:Citizen:1', 'queue'],
  ['12345:citizen:x', 'priority'],
  ['12345:citizen:101', 'priority'],
  ['12345:citizen:1;12345:elder:2', 'twice'],
])('bad spec %p is refused naming the problem', (spec, word) => {
  expect(() => parseLines(spec)).toThrow(word);
});

test('the line of a call comes from the dialled number', () => {
  const lines = parseLines(DEFAULT_LINES);
  expect(lineFor(lines, 'sip:96119@hotline.local')?.queue).toBe('onekey');
  expect(lineFor(lines, '12345')?.queue).toBe('citizen');
  expect(lineFor(lines, 'sip:110@hotline.local')).toBeNull();
});
