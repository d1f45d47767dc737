// Call recordings: after a call ends, rtpengine's plaintext pcap is encrypted (AES-256-GCM, the PII key)
// into RECORDINGS_DIR/encrypted/…, the plaintext is removed and the recording is stored through the
// telephony port. Listening is limited to leaders and the agent who took the call, and audited; a daily
// retention job deletes files older than RECORDING_RETENTION_DAYS.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CallsPort } from '@hotline-desk/telephony';
import type { Db } from '../../db/client';
import { forbidden, notFound } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import type { AuditWriter } from '../audit/repository';
import type { SessionUser } from '../auth/service';
import {
  canListen,
  durationFromMetadata,
  encryptedPathFor,
  isMetadataOf,
  isPcapOf,
  mediaKeysOf,
  mergePcaps,
  retentionCutoff,
} from './recordingsDomain';
import type { RecordingsRepository } from './recordingsRepository';
import { errorSummary } from '../../lib/safeError';

export type StoreRecording = CallsPort['recording'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

export function createRecordingService(d: {
  db: Db;
  repo: RecordingsRepository;
  pii: Pii;
  audit: AuditWriter;
  clock: () => Date;
  /** rtpengine's --recording-dir; null: recording is off */
  dir: string | null;
  retentionDays: number;
  /** how long to wait for rtpengine to finish writing the pcap after the call is deleted */
  waitMs?: number;
  log?: (m: string) => void;
}) {
  const waitMs = d.waitMs ?? 10_000;
  const log = d.log ?? ((m: string) => console.warn(`[recordings] ${m}`));
  const inFlight = new Set<number>();
  const abs = (rel: string) => {
    if (!d.dir) throw notFound('Recording');
    return path.join(d.dir, rel);
  };

  /**
   * rtpengine writes `pcaps/<base>.pcap` while the call runs and, once the call is deleted, closes it and writes
   * `metadata/rtpengine-meta-<base>.txt`: that file says the pcap is complete. The call's end reaches us just
   * before the delete, so poll; past the deadline a pcap without its metadata is taken as it is.
   */
  async function findPcap(sipCallId: string, timeoutMs: number): Promise<{ pcap: string; meta: string | null } | null> {
    const pcaps = path.join(d.dir!, 'pcaps');
    const metadata = path.join(d.dir!, 'metadata');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const names = await fs.readdir(pcaps).catch(() => [] as string[]);
      const hit = names.find((n) => isPcapOf(n, sipCallId));
      const timedOut = Date.now() >= deadline;
      if (hit) {
        const base = hit.slice(0, -'.pcap'.length);
        const meta = (await fs.readdir(metadata).catch(() => [] as string[])).find((m) => isMetadataOf(m, base));
        if (meta || timedOut) return { pcap: path.join(pcaps, hit), meta: meta ? path.join(metadata, meta) : null };
      }
      if (timedOut) return null;
      await sleep(250);
    }
  }

  /**
   * The post-call step (idempotent): find the call's pcap, encrypt it, drop the plaintext, store the recording
   * through the port. Returns the stored relative path, or null when there was nothing to do.
   */
  async function processEndedCall(
    callId: number,
    store: StoreRecording,
    opts: { waitMs?: number } = {},
  ): Promise<string | null> {
    if (!d.dir || inFlight.has(callId)) return null;
    inFlight.add(callId);
    try {
      const call = await d.repo.call(d.db, callId);
      if (!call || !call.answeredAt || (await d.repo.anyOf(d.db, callId))) return null;
      // one part per rtpengine call the media ran through (a transfer moves it); the first must be there
      const keys = mediaKeysOf(call.sipCallId, call.events);
      const found: { pcap: string; meta: string | null }[] = [];
      for (const [i, key] of keys.entries()) {
        const part = await findPcap(key, i === 0 ? (opts.waitMs ?? waitMs) : Math.min(opts.waitMs ?? waitMs, 3000));
        if (part) found.push(part);
        else if (i === 0) {
          log(`call ${callId}: no pcap for ${call.sipCallId} in ${d.dir}/pcaps`);
          return null;
        } else log(`call ${callId}: no pcap for the part after a transfer (${key})`);
      }
      const plain = mergePcaps(await Promise.all(found.map((f) => fs.readFile(f.pcap))));
      // the metadata holds the parties' SDP (addresses): read its timestamps, then it goes with the plaintext
      const metaText = found[0].meta ? await fs.readFile(found[0].meta, 'utf8').catch(() => '') : '';
      const rel = encryptedPathFor(callId, call.endedAt ?? d.clock());
      const target = abs(rel);
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      // write then rename: a crash never leaves a half file under the final name
      await fs.writeFile(`${target}.part`, d.pii.encryptBytes(plain), { mode: 0o600 });
      await fs.rename(`${target}.part`, target);
      await store(callId, {
        path: rel,
        format: 'pcap',
        size: plain.length,
        sha256: crypto.createHash('sha256').update(plain).digest('hex'),
        durationMs: call.talkMs ?? durationFromMetadata(metaText),
      });
      for (const f of found) {
        await fs.rm(f.pcap, { force: true });
        if (f.meta) await fs.rm(f.meta, { force: true });
      }
      return rel;
    } finally {
      inFlight.delete(callId);
    }
  }

  return {
    processEndedCall,

    /** Fire-and-forget from the telephony host when a call ends; failures are logged, never thrown. */
    afterCall(callId: number, store: StoreRecording): void {
      if (!d.dir) return;
      void processEndedCall(callId, store).catch((e: Error) => log(`call ${callId}: ${errorSummary(e)}`));
    },

    /** GET /api/calls/:id/recording: the decrypted file; audited as recording.listen. */
    async download(user: SessionUser, callId: number, ip: string | null) {
      const call = await d.repo.call(d.db, callId);
      if (!call) throw notFound('Call');
      if (!canListen(user, call)) throw forbidden('Only leaders and the agent who took the call may listen');
      const rec = await d.repo.liveOf(d.db, callId);
      if (!rec || !d.dir) throw notFound('Recording');
      const enc = await fs.readFile(abs(rec.path)).catch((e: unknown) => {
        if (isMissing(e)) throw notFound('Recording');
        throw e;
      });
      const data = d.pii.decryptBytes(enc);
      await d.audit.write({
        actorId: user.id,
        actorIp: ip,
        entityType: 'call',
        entityId: String(callId),
        action: 'recording.listen',
        data: { callId, recordingId: rec.id },
        at: d.clock(),
      });
      return { fileName: `call-${callId}.${rec.format}`, format: rec.format, data };
    },

    /** The daily job: delete recordings older than the retention period (idempotent, audited per file). */
    async retention(): Promise<{ deleted: number }> {
      // without the directory the files cannot be removed: never mark what is still on disk as deleted
      if (!d.dir) return { deleted: 0 };
      const now = d.clock();
      const before = retentionCutoff(now, d.retentionDays);
      let deleted = 0;
      for (;;) {
        const batch = await d.repo.expired(d.db, before, 200);
        if (!batch.length) break;
        for (const rec of batch) {
          await fs.rm(path.join(d.dir, rec.path), { force: true });
          if (!(await d.repo.markDeleted(d.db, rec.id, now))) continue;
          deleted++;
          await d.audit.write({
            actorId: null,
            actorIp: null,
            entityType: 'call',
            entityId: String(rec.callId),
            action: 'recording.deleted',
            data: { recordingId: rec.id, createdAt: rec.createdAt, retentionDays: d.retentionDays },
            at: now,
          });
        }
      }
      return { deleted };
    },
  };
}
export type RecordingService = ReturnType<typeof createRecordingService>;
