import { characterClasses, passwordProblems } from './passwordPolicy';

const policy = { passwordMinLength: 10, passwordMinClasses: 3 };

test.each([
  ['Sh0rt!', ['too_short']],
  ['alllowercaseletters', ['too_few_classes']],
  ['Agent1-secret-2026', ['contains_username']],
  ['Password1!', ['too_common']],
  ['Hotline@2026', ['too_common']],
  ['Qj7#vN2m!pLx', []],
  ['长城长城长城长城长城长城Ab1', []],
])('%s → %j', (pw, expected) => {
  expect(passwordProblems(pw, 'agent1', policy)).toEqual(expected);
});

test('character classes: lower, upper, digit, anything else', () => {
  expect(characterClasses('abc')).toBe(1);
  expect(characterClasses('aB3')).toBe(3);
  expect(characterClasses('aB3 ')).toBe(4);
  expect(characterClasses('密码')).toBe(1);
});

test('a short user name is not matched inside passwords (every password contains "a")', () => {
  expect(passwordProblems('Qj7#vN2m!pLxab', 'ab', policy)).toEqual([]);
});
