// The server's side of telephony: implements the telephony package's ports over the database, presence and
// the event bus, and starts the SIP application when DRACHTIO_HOST is set.
import fs from 'node:fs';
import path from 'node:path';
import {
  GREETING_NOTES,
  MUSIC_NOTES,
  toneWav,
  buildCallRecord,
  startTelephony,
  type CallEvent,
  type Telephony,
  type TelephonyConfig,
  type TelephonyPorts,
} from '@hotline-desk/telephony';
import type { Config } from '../../config/env';
import { maskPhone } from '../../lib/pii';
import { errorSummary, withoutQueryParams } from '../../lib/safeError';
import type { Services } from '../../services';
import { createCallsRepository } from './callsRepository';
import { elderForPop } from './elders';
import { effectiveSkills } from './skills';

const at = (ms: number | null) => (ms === null ? null : new Date(ms));

export function buildPorts(s: Services): TelephonyPorts {
  const repo = createCallsRepository();
  const { db, pii, bus, presence, softphones } = s;
  // the lines in force now (administrators change them while calls come in)
  const allSkills = () => s.hotlineLines.skills();

  async function popFor(userId: number, pop: Parameters<TelephonyPorts['desk']['offered']>[1]) {
    const phone = pop.callerPhone;
    const history = phone ? await s.intake.screenPop(userId, phone, 10) : { items: [], openCases: 0 };
    // 一键呼: the device's number names the elder; their profile goes to this agent's pop only
    const elder =
      phone && pop.line.emergency
        ? await elderForPop({ db, pii, audit: s.audit, now: s.clock() }, userId, phone).catch(() => null)
        : null;
    return {
      callId: pop.callId,
      sipCallId: pop.sipCallId,
      line: pop.line,
      callerPhoneMasked: phone ? maskPhone(phone) : null,
      history: history.items,
      openCases: history.openCases,
      elder,
    };
  }

  /** one look-up (and one audit row) per call and agent: the answer reuses what the offer showed */
  const pops = new Map<string, ReturnType<typeof popFor>>();
  function popOnce(userId: number, pop: Parameters<TelephonyPorts['desk']['offered']>[1]) {
    const key = `${pop.callId}:${userId}`;
    let p = pops.get(key);
    if (!p) {
      p = popFor(userId, pop);
      pops.set(key, p);
    }
    return p;
  }

  const ports: TelephonyPorts = {
    // every telephony log line passes here: a query's parameters (callers' numbers) never reach the log
    log: (level, m) =>
      (level === 'error' ? console.error : level === 'warn' ? console.warn : console.log)(
        `[telephony] ${withoutQueryParams(m)}`,
      ),
    softphones: {
      ha1For: (u) => softphones.ha1For(u),
      registered: (p) => softphones.registered(p),
      unregistered: (u, c) => softphones.unregistered(u, c),
      liveContacts: async (userId) =>
        (await softphones.liveContacts(userId)).map((r) => ({
          userId: r.userId,
          contact: r.contact,
          received: r.received,
        })),
    },
    agents: {
      async snapshot() {
        const [floor, regs, ends] = await Promise.all([
          presence.floor(),
          softphones.liveContacts(),
          repo.lastCallEnds(db, s.clock()),
        ]);
        const registered = new Set(regs.map((r) => r.userId));
        return floor.map((a) => ({
          userId: a.userId,
          state: a.state,
          since: a.since.getTime(),
          lastCallEndedAt: ends.get(a.userId)?.getTime() ?? null,
          registered: registered.has(a.userId),
          skills: effectiveSkills(a.skills, allSkills()),
        }));
      },
      async setState(userId, state, reason) {
        await presence.setByTelephony(userId, state, reason);
      },
      async finishWrapUp(userId) {
        await presence.finishWrapUp(userId);
      },
      onChange(listener) {
        bus.on('presence.changed', () => listener());
      },
    },
    calls: {
      async started(c) {
        const id = await repo.insert(db, {
          sipCallId: c.sipCallId,
          direction: c.direction,
          lineDid: c.lineDid,
          queue: c.queue,
          callerPhoneEnc: c.callerPhone ? pii.encrypt(c.callerPhone) : null,
          callerPhoneHash: c.callerPhone ? pii.hash(c.callerPhone) : null,
          callerPhoneMasked: c.callerPhone ? maskPhone(c.callerPhone) : null,
          arrivedAt: c.arrivedAt,
          ticketId: c.ticketId ?? null,
          outcome: 'in_progress',
          events: [],
        });
        return id;
      },
      async events(callId, events: CallEvent[]) {
        const r = buildCallRecord(events);
        await repo.update(db, callId, {
          events,
          queue: r.queue ?? undefined,
          queuedAt: at(r.queuedAt),
          firstOfferedAt: at(r.firstOfferedAt),
          answeredAt: at(r.answeredAt),
          endedAt: at(r.endedAt),
          agentId: r.agentId,
          offers: r.offers,
          waitMs: r.waitMs,
          talkMs: r.talkMs,
          outcome: r.outcome,
          endedBy: r.endedBy,
          transferredTo: r.transferredTo,
        });
        // end of an answered call: rtpengine's pcap is encrypted and stored (no-op unless RECORDINGS_DIR is set)
        if (r.endedAt !== null && r.answeredAt !== null) s.recordings.afterCall(callId, ports.calls.recording);
      },
      async leg(callId, leg) {
        await repo.insertLeg(db, { callId, ...leg });
      },
      async recording(callId, file) {
        await repo.insertRecording(db, {
          callId,
          path: file.path,
          format: file.format,
          size: file.size,
          sha256: file.sha256,
          durationMs: file.durationMs ?? null,
        });
      },
    },
    desk: {
      offered(userId, pop) {
        popOnce(userId, pop).then(
          (p) => bus.publish([{ name: 'call.desk', payload: { userId, kind: 'offered', pop: p } }]),
          (e: Error) => ports.log('warn', `screen pop for call ${pop.callId} failed: ${errorSummary(e)}`),
        );
      },
      answered(userId, pop) {
        popOnce(userId, pop).then(
          (p) => bus.publish([{ name: 'call.desk', payload: { userId, kind: 'answered', pop: p } }]),
          (e: Error) => ports.log('warn', `screen pop for call ${pop.callId} failed: ${errorSummary(e)}`),
        );
      },
      ended(userId, callId) {
        pops.delete(`${callId}:${userId}`);
        bus.publish([{ name: 'call.desk', payload: { userId, kind: 'ended', callId } }]);
      },
      queuesChanged() {
        bus.publish([{ name: 'call.queues', payload: {} }]);
      },
    },
  };
  return ports;
}

/**
 * The files rtpengine plays to waiting callers: the configured ones, or the built-in chime and melody
 * written once to DATA_DIR/audio (rtpengine reads them from the same machine).
 */
export function queueAudioFiles(config: Config): { greeting: string; music: string } | null {
  if (config.QUEUE_AUDIO === 'off' || !config.RTPENGINE_NG) return null;
  const dir = path.join(config.DATA_DIR, 'audio');
  const builtIn = (name: string, notes: Parameters<typeof toneWav>[0]) => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, toneWav(notes));
    }
    return file;
  };
  return {
    greeting: config.QUEUE_GREETING_FILE ?? builtIn('greeting.wav', GREETING_NOTES),
    music: config.QUEUE_MUSIC_FILE ?? builtIn('music.wav', MUSIC_NOTES),
  };
}

/**
 * The SIP application's settings. `lines` is the lines service's live array itself, not a copy: the
 * application reads it on every INVITE and an administrator's change refills it in place.
 */
export function telephonyConfig(s: Services, config: Config): TelephonyConfig {
  const [rtpHost, rtpPort] = (config.RTPENGINE_NG ?? '').split(':');
  return {
    drachtio: { host: config.DRACHTIO_HOST ?? '', port: config.DRACHTIO_PORT, secret: config.DRACHTIO_SECRET },
    rtpengine: rtpHost && rtpPort ? { host: rtpHost, port: Number(rtpPort) } : null,
    sipDomain: config.SIP_DOMAIN,
    queueAudio: queueAudioFiles(config),
    trunk: config.TRUNK_URI ? { uri: config.TRUNK_URI, callerId: config.CENTRE_CALLER_ID } : null,
    lines: s.hotlineLines.live,
    ringTimeoutSeconds: config.RING_TIMEOUT_SECONDS,
    wrapUpSeconds: config.WRAP_UP_SECONDS,
    maxRegisterSeconds: config.SIP_MAX_REGISTER_SECONDS,
    nonceSecret: s.pii.hash('sip-digest-nonce'),
    recordingDir: config.RECORDINGS_DIR ?? null,
  };
}

export function startTelephonyHost(s: Services, config: Config): Telephony | null {
  if (!config.DRACHTIO_HOST) return null;
  return startTelephony(telephonyConfig(s, config), buildPorts(s));
}
