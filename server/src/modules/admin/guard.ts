// Who may change reference data, and the errors every area answers with.
import { AppError, forbidden } from '../../lib/errors';
import type { SessionUser } from '../auth/service';

export function requireAdmin(user: SessionUser): void {
  if (!user.roles.includes('admin')) throw forbidden('Only administrators maintain reference data');
}

/** 409 with what the server has now, so the screen can show it and the user can retry on top of it. */
export const versionConflict = (what: string, currentVersion: number | string, current: unknown) =>
  new AppError('VERSION_CONFLICT', `The ${what} was changed by someone else`, undefined, { currentVersion, current });

export const taken = (field: string, message = 'Taken') =>
  new AppError('NAME_TAKEN', `${field} is already used`, { [field]: message });
