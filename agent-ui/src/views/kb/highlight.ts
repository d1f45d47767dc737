// Split text into plain and matched pieces so templates can wrap matches in <mark> without v-html.
export interface Piece {
  text: string;
  hit: boolean;
}

export function queryTerms(q: string | undefined | null): string[] {
  return [
    ...new Set(
      (q ?? '')
        .trim()
        .split(/[\s\u3000]+/)
        .filter(Boolean),
    ),
  ];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function highlight(text: string, terms: string[]): Piece[] {
  if (!terms.length || !text) return [{ text, hit: false }];
  // longest first, so "公积金提取" wins over "公积金" where both match
  const re = new RegExp(
    `(${[...terms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|')})`,
    'gi',
  );
  return text
    .split(re)
    .filter((s) => s !== '')
    .map((s) => ({ text: s, hit: terms.some((t) => t.toLowerCase() === s.toLowerCase()) }));
}
