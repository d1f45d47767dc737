// Every setting the server reads, in one place. Documented in /.env.example.
import path from 'node:path';
import { z } from 'zod';

const repoRoot = path.resolve(__dirname, '../../..');

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  EMBEDDED_PG_DIR: z.string().default(path.join(repoRoot, 'data', 'pg')),
  EMBEDDED_PG_PORT: z.coerce.number().int().default(54329),
  DATA_DIR: z.string().default(path.join(repoRoot, 'data')),
  PII_KEY: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(30),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  TRUST_PROXY: z.string().default('loopback'),
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  DEMO_PASSWORD: z.string().default('Hotline@2026'),
  DEMO_TICKETS: z.coerce.number().int().min(0).default(1000),
  DEADLINE_SWEEP_INTERVAL: z.string().default('30 seconds'),
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  CALENDAR_DIR: z.string().default(path.join(repoRoot, 'server', 'data', 'calendar')),
  UI_DIST: z.string().default(path.join(repoRoot, 'agent-ui', 'dist')),
  MAX_CONTENT_CHARS: z.coerce.number().int().positive().default(5000),
  PRESENCE_GRACE_SECONDS: z.coerce.number().int().min(0).default(60),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  EXPORT_MAX_ROWS: z.coerce.number().int().positive().default(50000),
  // Softphones: SIP domain (digest realm) and the WebSocket URI browsers register to (drachtio's ws/wss port).
  SIP_DOMAIN: z.string().default('hotline.local'),
  SIP_WS_URI: z.string().default('ws://127.0.0.1:8088'),
  // Telephony runs when DRACHTIO_HOST is set (drachtio-server's admin port); rtpengine as host:port of its ng port.
  DRACHTIO_HOST: z.string().optional(),
  DRACHTIO_PORT: z.coerce.number().int().min(1).max(65535).default(9022),
  DRACHTIO_SECRET: z.string().default('cymru'),
  RTPENGINE_NG: z
    .string()
    .regex(/^[^:]+:\d+$/, 'host:port')
    .optional(),
  HOTLINE_LINES: z.string().default('12345:citizen:1:citizen;96110:elder:5:elder;96119:onekey:9:onekey:emergency'),
  RING_TIMEOUT_SECONDS: z.coerce.number().int().min(3).max(120).default(15),
  WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  SIP_MAX_REGISTER_SECONDS: z.coerce.number().int().min(60).max(86400).default(600),
  RECORDINGS_DIR: z.string().optional(),
  /** encrypted recordings older than this are deleted by the daily recordings.retention job */
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** service level: answered within this many seconds ÷ offered */
  SERVICE_LEVEL_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** outbound calls go to this carrier trunk (sip:host:port), showing the centre's number */
  TRUNK_URI: z
    .string()
    .regex(/^sips?:[^@\s]+$/, 'sip:host[:port]')
    .optional(),
  /** on: waiting callers are answered and hear a greeting and music (needs rtpengine); off: they hear ringing */
  QUEUE_AUDIO: z.enum(['on', 'off']).default('on'),
  /** audio files on rtpengine's host; unset: built-in chime and melody written to DATA_DIR/audio */
  QUEUE_GREETING_FILE: z.string().optional(),
  QUEUE_MUSIC_FILE: z.string().optional(),
  CENTRE_CALLER_ID: z
    .string()
    .regex(/^\+?[0-9]{3,20}$/)
    .default('12345'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
