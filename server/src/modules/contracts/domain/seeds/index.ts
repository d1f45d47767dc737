// The five contracts of /work/shared/seeds as data. Every number cites its clause; numbers the contract leaves
// to the client are marked `assumed` with a note.
import type { Contract } from '../contract';
import { chaoyangCaseHandling } from './chaoyang';
import { haidianSeats } from './haidian';
import { xianAssessment } from './xian';
import { xichengOneKeyCall } from './xichengOneKeyCall';
import { xichengSupervision } from './xichengSupervision';

export { chaoyangCaseHandling, haidianSeats, xianAssessment, xichengOneKeyCall, xichengSupervision };

/** In the order of the seed files (000 … 004). */
export const SEED_CONTRACTS: readonly Contract[] = [
  xichengSupervision,
  xichengOneKeyCall,
  xianAssessment,
  haidianSeats,
  chaoyangCaseHandling,
];
