// Replacing the master key (suspected compromise, staff change): every data key is unwrapped with the old
// master and wrapped with the new one, and the check value replaced — in one transaction, with the servers
// stopped. No personal data is re-encrypted (the data keys stay); rotate the data keys too if they may
// have leaked.
//   PII_KEY=<old> npm run keys:rewrap -- --new-key-file /etc/hotline/pii.key.new
import 'dotenv/config';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { loadConfig, type Config } from '../config/env';
import { auditEvents, piiKeys, piiMaster } from '../db/schema';
import { checkValue, unwrapKey, wrapKey } from '../modules/keys/domain';
import { decodeKey, resolveMasterKey } from '../modules/keys/masterKey';
import { ownerDb } from './db';

export async function runKeysCli(argv: string[], opts: { config?: Config; print?: (s: string) => void } = {}) {
  const config = opts.config ?? loadConfig();
  const print = opts.print ?? ((s: string) => console.log(s));
  const [command, ...rest] = argv;
  const i = rest.indexOf('--new-key-file');
  const file = i >= 0 ? rest[i + 1] : undefined;
  if (command !== 'rewrap' || !file) {
    print('usage: keys rewrap --new-key-file FILE   (the current key from PII_KEY or PII_KEY_FILE)');
    return 2;
  }
  const old = resolveMasterKey({ ...config, log: print }).key;
  if (!old) {
    print('the current key is needed (PII_KEY or PII_KEY_FILE)');
    return 2;
  }
  const next = decodeKey(fs.readFileSync(file, 'utf8'), file);
  const { db, close } = await ownerDb(config);
  try {
    return await db.transaction(async (tx) => {
      const [m] = await tx.select().from(piiMaster).for('update');
      if (!m || m.checkValue !== checkValue(old)) {
        print('the current key does not match this database (check value); nothing changed');
        return 1;
      }
      const rows = await tx.select().from(piiKeys);
      for (const r of rows) {
        const key = unwrapKey(old, r.id, r.purpose, r.wrapped);
        await tx
          .update(piiKeys)
          .set({ wrapped: wrapKey(next, r.id, r.purpose, key) })
          .where(eq(piiKeys.id, r.id));
      }
      await tx
        .update(piiMaster)
        .set({ checkValue: checkValue(next) })
        .where(eq(piiMaster.id, 1));
      await tx.insert(auditEvents).values({
        actorId: null,
        actorIp: null,
        entityType: 'pii_key',
        entityId: 'master',
        action: 'keys.rewrap',
        data: { keys: rows.length, from: m.checkValue, to: checkValue(next), via: 'command line' },
        at: new Date(),
      });
      print(`re-wrapped ${rows.length} keys; start the servers with the new key (check value ${checkValue(next)})`);
      return 0;
    });
  } finally {
    await close();
  }
}

if (require.main === module)
  runKeysCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(`keys: ${e.message}`);
      process.exit(1);
    },
  );
