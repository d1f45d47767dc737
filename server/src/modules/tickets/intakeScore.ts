// Pure ranking of duplicate candidates for a new call (no I/O; unit-tested).

/** The same category is strong evidence of the same matter from the same caller, but not proof. */
export const SAME_CATEGORY_BONUS = 0.25;
/** Below this text similarity a candidate of another category is noise. */
export const MIN_SIMILARITY = 0.2;

export interface Candidate {
  id: number;
  categoryId: number;
  similarity: number;
  receivedAt: Date;
}

export interface Ranked<C extends Candidate> {
  candidate: C;
  /** 0..1, two decimals */
  score: number;
  sameCategory: boolean;
}

export function rankDuplicates<C extends Candidate>(
  candidates: C[],
  categoryId: number | undefined,
  limit: number,
): Ranked<C>[] {
  return candidates
    .map((c) => {
      const sameCategory = categoryId !== undefined && c.categoryId === categoryId;
      const raw = c.similarity + (sameCategory ? SAME_CATEGORY_BONUS : 0);
      return { candidate: c, sameCategory, score: Math.round(Math.min(1, raw) * 100) / 100 };
    })
    .filter((r) => r.sameCategory || r.candidate.similarity >= MIN_SIMILARITY)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.candidate.receivedAt.getTime() - a.candidate.receivedAt.getTime() ||
        b.candidate.id - a.candidate.id,
    )
    .slice(0, limit);
}
