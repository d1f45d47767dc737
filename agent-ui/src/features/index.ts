// Every feature of the desktop. Add a feature here; its routes are lazy (their components load on demand).
import type { Feature, NavItem } from './types';
import { homeFeature } from '../views/home/feature';
import { ticketsFeature } from '../views/tickets/feature';
import { presenceFeature } from '../views/presence/feature';
import { kbFeature } from '../views/kb/feature';
import { workFeature } from '../views/work/feature';
import { intakeFeature } from '../views/intake/feature';
import { rosterFeature } from '../views/roster/feature';
import { attendanceFeature } from '../views/attendance/feature';
import { settlementFeature } from '../views/settlement/feature';
import { contractsFeature } from '../views/contracts/feature';
import { accountFeature } from '../views/account/feature';
import { securityFeature } from '../views/security/feature';
import { adminReferenceFeature } from '../views/admin-reference/feature';

export const features: Feature[] = [
  homeFeature,
  ticketsFeature,
  kbFeature,
  presenceFeature,
  workFeature,
  intakeFeature,
  rosterFeature,
  attendanceFeature,
  settlementFeature,
  contractsFeature,
  accountFeature,
  securityFeature,
  adminReferenceFeature,
];

export const navItems: NavItem[] = features.flatMap((f) => f.nav).sort((a, b) => a.order - b.order);
