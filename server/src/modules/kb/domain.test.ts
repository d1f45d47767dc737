import { escapeLike, isEditor, isReader, normalizeKeywords, searchTerms, snippet, transition } from './domain';

describe('escapeLike', () => {
  test('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
  test('leaves Chinese text alone', () => {
    expect(escapeLike('住房公积金')).toBe('住房公积金');
  });
});

describe('searchTerms', () => {
  test('splits on ASCII and ideographic spaces, lowercases, dedupes', () => {
    expect(searchTerms('  公积金\u3000提取 GJJ gjj ')).toEqual(['公积金', '提取', 'gjj']);
  });
  test('empty and missing queries have no terms', () => {
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms(undefined)).toEqual([]);
  });
  test('at most five terms', () => {
    expect(searchTerms('a b c d e f g')).toHaveLength(5);
  });
});

describe('snippet', () => {
  const body = '第一段说明。'.repeat(20) + '住房公积金提取需要身份证。' + '结尾说明。'.repeat(20);
  test('centres on the first match with ellipses on both sides', () => {
    const s = snippet(body, ['公积金'], 10);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('公积金');
    expect(s.length).toBeLessThanOrEqual(10 + 3 + 10 + 2);
  });
  test('takes the earliest of several terms, case-insensitively', () => {
    expect(snippet('abc Hello world xyz', ['world', 'HELLO'], 2)).toBe('…c Hello w…');
  });
  test('no match: the start of the body', () => {
    expect(snippet('短文', ['无'], 10)).toBe('短文');
    expect(snippet('一'.repeat(50), [], 10)).toBe('一'.repeat(20) + '…');
  });
  test('collapses whitespace so lines do not break the list', () => {
    expect(snippet('甲\n\n乙  丙', [])).toBe('甲 乙 丙');
  });
});

describe('normalizeKeywords', () => {
  test('accepts Chinese separators and arrays, drops blanks and duplicates', () => {
    expect(normalizeKeywords('公积金，提取、租房;公积金, ')).toBe('公积金,提取,租房');
    expect(normalizeKeywords([' 社保卡 ', '', '补办'])).toBe('社保卡,补办');
    expect(normalizeKeywords(undefined)).toBe('');
  });
});

describe('roles and transitions', () => {
  test('editors and readers', () => {
    expect(isEditor(['agent'])).toBe(false);
    expect(isEditor(['shift_leader'])).toBe(true);
    expect(isReader(['revisit_agent'])).toBe(true);
    expect(isReader(['department_handler'])).toBe(false);
  });
  test('publish and archive', () => {
    expect(transition('draft', 'publish')).toBe('published');
    expect(transition('archived', 'publish')).toBe('published');
    expect(transition('published', 'publish')).toBeNull();
    expect(transition('published', 'archive')).toBe('archived');
    expect(transition('archived', 'archive')).toBeNull();
  });
});
