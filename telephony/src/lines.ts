// Hotline lines from the environment: HOTLINE_LINES is a ';'-separated list of
//   <did>:<queue>:<priority>[:<skill>][:emergency]
// e.g. "12345:citizen:1:citizen;96110:elder:5:elder;96119:onekey:9:onekey:emergency" (the default).
// Bad entries stop the start with a message naming the entry: a mistyped line would silently lose calls.
import type { LineConfig } from './domain/types';

export const DEFAULT_LINES = '12345:citizen:1:citizen;96110:elder:5:elder;96119:onekey:9:onekey:emergency';

/** What a DID and a queue (or skill) name may look like: the same rule for HOTLINE_LINES and the lines table. */
export const DID_PATTERN = /^\+?[0-9*#]{3,20}$/;
export const QUEUE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

const NAMES: Record<string, string> = {
  citizen: '12345 市民服务热线',
  elder: '养老服务热线',
  onekey: '一键呼 紧急呼叫',
};

export function parseLines(spec: string): LineConfig[] {
  const lines: LineConfig[] = [];
  for (const raw of spec
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [did, queue, priority, ...rest] = raw.split(':').map((s) => s.trim());
    if (!did || !DID_PATTERN.test(did)) throw new Error(`HOTLINE_LINES: '${raw}': the DID must be digits`);
    if (!queue || !QUEUE_PATTERN.test(queue))
      throw new Error(`HOTLINE_LINES: '${raw}': the queue must be a lower-case name`);
    const p = Number(priority);
    if (!Number.isInteger(p) || p < 0 || p > 100)
      throw new Error(`HOTLINE_LINES: '${raw}': the priority must be an integer 0–100`);
    const emergency = rest.includes('emergency');
    const skill = rest.find((r) => r && r !== 'emergency');
    if (lines.some((l) => l.did === did)) throw new Error(`HOTLINE_LINES: DID ${did} is listed twice`);
    lines.push({
      did,
      queue,
      priority: p,
      name: NAMES[queue] ?? queue,
      ...(skill ? { skill } : {}),
      ...(emergency ? { emergency } : {}),
    });
  }
  if (!lines.length) throw new Error('HOTLINE_LINES: no line configured');
  return lines;
}

/** The line a call came in on, from the dialled number (Request-URI user or To user). */
export function lineFor(lines: readonly LineConfig[], dialled: string): LineConfig | null {
  const digits = dialled.replace(/^sip:/, '').split('@')[0];
  return lines.find((l) => l.did === digits) ?? null;
}
