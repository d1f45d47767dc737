// The agent's softphone as state: registration, the ringing or connected call, its screen pop, controls and
// audio devices. The sip.js wrapper (softphone/phone.ts, loaded lazily) reports into it; the connector feeds
// the screen pop from call:offered / call:answered / call:ended; components only read it and call actions.
import { computed, markRaw, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { Channel } from '../api/types';
import { telephonyApi, type CallPop } from '../api/telephony';
import { channelForLine } from '../softphone/channel';
import type { CallPhase, IncomingInfo, Phone, RegistrationStatus } from '../softphone/phone';

/** What the new-ticket form takes over when the agent answers (read once by the intake view). */
export interface CallDraft {
  callerPhone: string;
  channel: Channel;
  callId: string;
}

export type SoftphoneStatus = RegistrationStatus | 'off';

const HEALTH_RETRY_MS = 15_000;

export const useSoftphoneStore = defineStore('softphone', () => {
  const status = ref<SoftphoneStatus>('off');
  const incoming = ref<IncomingInfo | null>(null);
  const phase = ref<CallPhase | null>(null);
  const pop = ref<CallPop | null>(null);
  const answeredAt = ref<string | null>(null);
  const held = ref(false);
  const muted = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const remoteStream = shallowRef<MediaStream | null>(null);
  const devices = ref<{ input: MediaDeviceInfo[]; output: MediaDeviceInfo[] }>({ input: [], output: [] });
  const inputDevice = ref<string | null>(null);
  const outputDevice = ref<string | null>(null);
  const draft = ref<CallDraft | null>(null);
  /** the agent's consultation call to a colleague while the caller is on hold */
  const consultPhase = ref<CallPhase | null>(null);
  /** bumped on each answered call: the widget opens the new-ticket form when it changes */
  const answeredSeq = ref(0);

  let phone: Phone | null = null;
  /** the caller was handed to the colleague: the consultation's end is no reason to resume them */
  let handedOver = false;
  let healthTimer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  const ringing = computed(() => phase.value === 'ringing');
  const inCall = computed(() => phase.value === 'connecting' || phase.value === 'talking');
  /** the pop of the call on the phone (pops of other calls are stale) */
  const currentPop = computed(() =>
    pop.value && (!incoming.value?.callId || pop.value.callId === incoming.value.callId) ? pop.value : null,
  );

  function resetCall() {
    incoming.value = null;
    phase.value = null;
    answeredAt.value = null;
    held.value = false;
    muted.value = false;
    remoteStream.value = null;
    consultPhase.value = null;
    handedOver = false;
  }

  /** Sign-in: unavailable telephony leaves the phone 'unavailable' and retries; the desk works regardless. */
  async function start(): Promise<void> {
    if (running) return;
    running = true;
    status.value = 'connecting';
    try {
      if (!(await telephonyApi.connected())) throw new Error('telephony not connected');
      const creds = await telephonyApi.softphone();
      const { Phone } = await import('../softphone/phone');
      if (!running) return;
      phone = markRaw(
        new Phone(creds, {
          status: (s) => (status.value = s),
          incoming: (info) => {
            resetCall();
            incoming.value = info;
          },
          call: (p) => {
            if (p === 'ended') {
              resetCall();
              pop.value = null;
              return;
            }
            phase.value = p;
            if (p === 'talking') {
              answeredAt.value = new Date().toISOString();
              // a colleague's consultation is no citizen's call: no ticket unless the caller is handed over
              if (!incoming.value?.consultFrom) openDraft();
            }
          },
          consult: (p) => {
            consultPhase.value = p === 'ended' ? null : p;
            // the consultation is over without a transfer: back to the caller
            if (p === 'ended' && phase.value === 'talking' && held.value && !handedOver) void toggleHold();
          },
          remoteStream: (s) => (remoteStream.value = s ? markRaw(s) : null),
        }),
      );
      await phone.start();
    } catch {
      status.value = 'unavailable';
      running = false;
      healthTimer = setTimeout(() => void start(), HEALTH_RETRY_MS);
    }
  }

  async function stop(): Promise<void> {
    running = false;
    clearTimeout(healthTimer);
    const p = phone;
    phone = null;
    resetCall();
    pop.value = null;
    status.value = 'off';
    await p?.stop();
  }

  function openDraft() {
    const info = incoming.value;
    if (!info) return;
    const line = currentPop.value?.line ?? null;
    draft.value = {
      callerPhone: info.callerPhone ?? '',
      channel: channelForLine(line),
      callId: String(info.callId ?? info.sipCallId),
    };
    answeredSeq.value++;
  }

  /** The intake form takes the draft once. */
  function takeDraft(): CallDraft | null {
    const d = draft.value;
    draft.value = null;
    return d;
  }

  async function run(action: () => Promise<unknown>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await action();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }

  const answer = () => run(() => phone!.answer(inputDevice.value));
  const reject = () => run(() => phone!.reject());
  const hangup = () => run(() => phone!.hangup());
  const transfer = (target: string) => run(() => phone!.transfer(target));
  /** Consult-then-transfer, step 1: hold the caller and call the colleague. */
  const consult = (target: string) =>
    run(async () => {
      if (!held.value && (await phone!.hold(true))) held.value = true;
      await phone!.consult(target, inputDevice.value);
    });
  const completeTransfer = () =>
    run(async () => {
      handedOver = true;
      await phone!.completeTransfer();
    });
  const endConsult = () => run(() => phone!.endConsult());
  const dtmf = (digit: string) => run(() => phone!.dtmf(digit));
  const toggleHold = () =>
    run(async () => {
      if (await phone!.hold(!held.value)) held.value = !held.value;
    });
  function toggleMute() {
    muted.value = !muted.value;
    phone?.mute(muted.value);
  }

  async function loadDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices();
    devices.value = {
      input: all.filter((d) => d.kind === 'audioinput'),
      output: all.filter((d) => d.kind === 'audiooutput'),
    };
  }

  // ---- from the connector (socket.io) -------------------------------------------------------------
  function applyOffered(p: CallPop) {
    pop.value = p;
  }
  function applyAnswered(p: CallPop) {
    pop.value = p;
    // a colleague handed their caller over to the consultation we are in: it is that caller's call now
    if (inCall.value && incoming.value?.consultFrom) {
      incoming.value = { callId: p.callId, sipCallId: p.sipCallId, lineDid: p.line.did, callerPhone: null };
      answeredAt.value = new Date().toISOString();
      openDraft();
    }
  }
  function applyEnded(callId: number) {
    // while talking the phone's own BYE ends the call; the pop stays until then
    if (pop.value?.callId === callId && !inCall.value) pop.value = null;
  }

  return {
    status,
    incoming,
    phase,
    pop,
    currentPop,
    answeredAt,
    held,
    muted,
    busy,
    error,
    remoteStream,
    devices,
    inputDevice,
    outputDevice,
    draft,
    answeredSeq,
    ringing,
    inCall,
    start,
    stop,
    takeDraft,
    answer,
    reject,
    hangup,
    transfer,
    consultPhase,
    consult,
    completeTransfer,
    endConsult,
    dtmf,
    toggleHold,
    toggleMute,
    loadDevices,
    applyOffered,
    applyAnswered,
    applyEnded,
  };
});
