import { MIN_SIMILARITY, rankDuplicates, SAME_CATEGORY_BONUS } from './intakeScore';

const c = (id: number, categoryId: number, similarity: number, day = 1) => ({
  id,
  categoryId,
  similarity,
  receivedAt: new Date(`2026-03-${String(day).padStart(2, '0')}T08:00:00Z`),
});

test('the same category adds a bonus and keeps a low-similarity ticket of the same caller', () => {
  const r = rankDuplicates([c(1, 7, 0.05), c(2, 8, 0.6), c(3, 8, 0.1)], 7, 5);
  expect(r.map((x) => x.candidate.id)).toEqual([2, 1]);
  expect(r[1]).toMatchObject({ sameCategory: true, score: Math.round((0.05 + SAME_CATEGORY_BONUS) * 100) / 100 });
  expect(r[0]).toMatchObject({ sameCategory: false, score: 0.6 });
});

test('scores are capped at 1 and ties go to the newer ticket', () => {
  const r = rankDuplicates([c(1, 7, 0.9, 1), c(2, 7, 0.95, 2)], 7, 5);
  expect(r.map((x) => [x.candidate.id, x.score])).toEqual([
    [2, 1],
    [1, 1],
  ]);
});

test('at most `limit` results; without a category only similarity counts', () => {
  const many = Array.from({ length: 9 }, (_, i) => c(i + 1, 1, MIN_SIMILARITY + i / 100));
  const r = rankDuplicates(many, undefined, 5);
  expect(r).toHaveLength(5);
  expect(r[0].candidate.id).toBe(9);
  expect(r.every((x) => !x.sameCategory)).toBe(true);
  expect(rankDuplicates([c(1, 1, MIN_SIMILARITY - 0.01)], undefined, 5)).toEqual([]);
});
