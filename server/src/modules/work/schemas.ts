import { z } from 'zod';

const paging = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
export const pageQuery = z.object(paging);
export const inboxQuery = z.object({ ...paging, status: z.enum(['pending_sign', 'signed']).default('pending_sign') });
