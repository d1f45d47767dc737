// The telephony package: the SIP application the server starts, and the pure rules it is made of.
export { startTelephony, callerNumber, type Telephony } from './app';
export type { TelephonyConfig } from './config';
export { GREETING_NOTES, MUSIC_NOTES, toneWav } from './media/tones';
export { OutboundError, type OutboundRequest } from './call/outbound';
export type * from './ports';
export { DEFAULT_LINES, DID_PATTERN, QUEUE_PATTERN, parseLines, lineFor } from './lines';
export { ha1, digestResponse, parseDigest } from './sip/digest';
export { buildCallRecord, type CallEvent, type CallRecord, type CallOutcome } from './domain/callRecord';
export { emptyQueueStats, queueStats, type QueueStats } from './domain/serviceLevel';
export { lineups, longestWaits, type QueuePlace } from './domain/queue';
export type { AgentView, LineConfig, WaitingCall, AgentPhoneState } from './domain/types';
