import { api } from './client';
import type { Category, OrgUnit } from './types';

export const orgApi = {
  units: () => api.get<{ units: OrgUnit[] }>('/org/units').then((r) => r.units),
  categories: () => api.get<{ categories: Category[] }>('/categories').then((r) => r.categories),
};
