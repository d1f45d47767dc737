import { Router } from 'express';
import { z } from 'zod';
import { forbidden } from '../../lib/errors';
import { instant, parse } from '../../lib/validate';
import { requireUser } from '../auth/routes';
import type { CalendarService } from './service';
import { shanghaiDay } from './workingTime';

const deadlineQuery = z
  .object({
    start: instant(),
    workingDays: z.coerce.number().int().min(0).max(365).optional(),
    workingHours: z.coerce.number().min(0).max(2000).optional(),
    calendarHours: z.coerce
      .number()
      .min(0)
      .max(24 * 365)
      .optional(),
    calendarDays: z.coerce.number().int().min(0).max(365).optional(),
  })
  .refine(
    (q) => [q.workingDays, q.workingHours, q.calendarHours, q.calendarDays].filter((v) => v !== undefined).length === 1,
    {
      message: 'Give exactly one of workingDays, workingHours, calendarHours, calendarDays',
      path: ['workingDays'],
    },
  );

export function calendarRoutes(svc: CalendarService) {
  const r = Router();
  r.get('/deadline', (req, res) => {
    requireUser(req);
    const q = parse(deadlineQuery, req.query);
    const limit =
      q.workingDays !== undefined
        ? { value: q.workingDays, unit: 'working_days' as const }
        : q.workingHours !== undefined
          ? { value: q.workingHours, unit: 'working_hours' as const }
          : q.calendarHours !== undefined
            ? { value: q.calendarHours, unit: 'calendar_hours' as const }
            : { value: q.calendarDays!, unit: 'calendar_days' as const };
    const start = new Date(q.start);
    const dueAt = svc.deadline(start, limit);
    const provisional = !svc.calendar.hasYear(Number(shanghaiDay(dueAt).slice(0, 4)));
    res.json({ dueAt: dueAt.toISOString(), limit, provisional });
  });
  r.get('/years', async (req, res) => {
    requireUser(req);
    res.json({ years: await svc.listYears() });
  });
  r.post('/years', async (req, res) => {
    const user = requireUser(req);
    if (!user.roles.includes('admin')) throw forbidden('Only an administrator can load a calendar year');
    const y = await svc.loadYear(req.body, { id: user.id, ip: req.ip ?? null });
    res.status(201).json({ year: y });
  });
  return r;
}
