// Every feature of the desktop. Add a feature here; its routes are lazy (their components load on demand).
import type { Feature, NavItem } from './types';

export const features: Feature[] = [];

export const navItems: NavItem[] = features.flatMap((f) => f.nav).sort((a, b) => a.order - b.order);
