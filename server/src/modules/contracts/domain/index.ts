// Public surface of the contracts domain: document types and schema, settlement, seed contracts.
export * from './contract';
export * from './input';
export * from './statement';
export {
  validateContract,
  validateContractVersions,
  validateShiftTemplateRefs,
  contractSchema,
  type Validation,
} from './schema';
export { settle, inputWindow, isAdditive } from './settlement';
export { computeFee } from './fee';
export {
  SEED_CONTRACTS,
  chaoyangCaseHandling,
  haidianSeats,
  xianAssessment,
  xichengOneKeyCall,
  xichengSupervision,
} from './seeds';
export type * from './types';
