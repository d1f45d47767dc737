// The audit trail's command line (run as the database owner, like migrations):
//   npm run audit:verify                seal pending rows, walk the chain, print the report; exit 1 if broken
//   npm run audit:archive [-- --months N --dir D]
//                                       move rows older than N months (≥ 6; default AUDIT_ONLINE_MONTHS) into
//                                       a verified archive file in D (default AUDIT_ARCHIVE_DIR or DATA_DIR/audit-archive)
// DATABASE_URL names the database; unset, the embedded default's cluster is used (started if not running).
import 'dotenv/config';
import path from 'node:path';
import { loadConfig, type Config } from '../config/env';
import { ownerDb } from './db';
import { archiveAudit } from '../modules/audit/archive';
import { seal, verifyChain } from '../modules/audit/chain';

export async function runAuditCli(
  argv: string[],
  opts: { config?: Config; now?: () => Date; print?: (s: string) => void } = {},
): Promise<number> {
  const config = opts.config ?? loadConfig();
  const print = opts.print ?? ((s: string) => console.log(s));
  const now = opts.now ?? (() => new Date());
  const [command, ...rest] = argv;
  const flag = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (command !== 'verify' && command !== 'archive' && command !== 'seal') {
    print('usage: audit verify | seal | archive [--months N] [--dir DIR]');
    return 2;
  }
  const { db, close } = await ownerDb(config);
  try {
    if (command === 'seal') {
      let n = 0;
      for (let k; (k = await seal(db, now(), { full: true })) > 0;) n += k;
      print(JSON.stringify({ sealed: n }));
      return 0;
    }
    if (command === 'verify') {
      while ((await seal(db, now(), { full: true })) > 0);
      const report = await verifyChain(db, now());
      print(JSON.stringify(report, null, 2));
      if (report.broken)
        print(`BROKEN at seq ${report.broken.seq} (audit row ${report.broken.auditId}): ${report.broken.problem}`);
      else if (report.unsealed.count)
        print(`UNSEALED rows: ${report.unsealed.count} (first id ${report.unsealed.firstId})`);
      else print(`OK: ${report.checked} rows checked from seq ${report.from.seq + 1} to ${report.lastSeq}`);
      return report.ok ? 0 : 1;
    }
    const months = Number(flag('months') ?? config.AUDIT_ONLINE_MONTHS);
    if (!Number.isInteger(months) || months < 6) {
      print('--months must be a whole number ≥ 6 (audit records stay online at least 6 months)');
      return 2;
    }
    const dir = flag('dir') ?? config.AUDIT_ARCHIVE_DIR ?? path.join(config.DATA_DIR, 'audit-archive');
    const result = await archiveAudit(db, { dir, months, now: now(), log: print });
    print(JSON.stringify(result ?? { archived: 0 }));
    return 0;
  } finally {
    await close();
  }
}

if (require.main === module)
  runAuditCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(`audit: ${e.message}`);
      process.exit(1);
    },
  );
