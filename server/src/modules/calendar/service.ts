import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calendarYears } from '../../db/schema';
import type { AuditWriter } from '../audit/repository';
import { loadCalendarDir } from './calendarFiles';
import {
  computeDeadline,
  validateCalendarYear,
  WorkingCalendar,
  type CalendarYear,
  type TimeLimit,
} from './workingTime';
import { validation } from '../../lib/errors';

/**
 * Calendars are data in the database (an admin loads next year's State Council notice without a code
 * change); the files shipped in server/data/calendar only seed years the database does not have yet.
 */
export class CalendarService {
  private cal = new WorkingCalendar([]);
  constructor(
    private readonly db: Db,
    private readonly audit: AuditWriter,
  ) {}

  get calendar(): WorkingCalendar {
    return this.cal;
  }

  async seedFromDir(dir: string) {
    const years = await loadCalendarDir(dir);
    for (const y of years) {
      await this.db.insert(calendarYears).values({ year: y.year, source: y.source, data: y }).onConflictDoNothing();
    }
  }

  async reload() {
    const rows = await this.db.select().from(calendarYears).orderBy(asc(calendarYears.year));
    this.cal = new WorkingCalendar(rows.map((r) => r.data as CalendarYear));
  }

  async listYears() {
    const rows = await this.db.select().from(calendarYears).orderBy(asc(calendarYears.year));
    return rows.map((r) => ({ year: r.year, source: r.source, loadedAt: r.loadedAt, data: r.data }));
  }

  async loadYear(json: unknown, actor: { id: number; ip: string | null }) {
    const v = validateCalendarYear(json);
    if (!v.ok) throw validation(v.fields, 'Invalid calendar year');
    const y = v.value;
    await this.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(calendarYears)
        .where(sql`${calendarYears.year} = ${y.year}`);
      await tx
        .insert(calendarYears)
        .values({ year: y.year, source: y.source, data: y, loadedBy: actor.id })
        .onConflictDoUpdate({
          target: calendarYears.year,
          set: { source: y.source, data: y, loadedBy: actor.id, loadedAt: new Date() },
        });
      await this.audit.write(
        {
          actorId: actor.id,
          actorIp: actor.ip,
          entityType: 'calendar_year',
          entityId: String(y.year),
          action: 'calendar.load',
          before: before?.data ?? null,
          after: y,
        },
        tx,
      );
    });
    await this.reload();
    return y;
  }

  deadline(start: Date, limit: TimeLimit): Date {
    return computeDeadline(this.cal, start, limit);
  }
}
