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
  /** the application's own login role; unset: created from DATABASE_URL's owner as <database>_app */
  APP_DATABASE_URL: z.string().optional(),
  PII_KEY: z.string().optional(),
  /** the master key's file (base64); unset in development: ~/.config/hotline-desk/pii.key */
  PII_KEY_FILE: z.string().optional(),
  /** a rotated key is used for writing only after every node had this long to load it */
  KEY_ACTIVATION_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  /** absolute session lifetime, whatever the activity */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** failed logins of one account from one address before each further attempt waits (back-off) */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  /** failed logins of one account from all addresses before back-off (a distributed guess) */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().positive().default(20),
  /** failed logins from one address across accounts before back-off (a spray); a centre behind NAT shares one */
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().positive().default(50),
  /** first back-off; it doubles with every further failure up to LOGIN_BACKOFF_MAX_MINUTES */
  LOGIN_BACKOFF_SECONDS: z.coerce.number().int().positive().default(30),
  LOGIN_BACKOFF_MAX_MINUTES: z.coerce.number().positive().default(15),
  /** true | false | auto (default: Secure when the request came over HTTPS, directly or via TRUST_PROXY) */
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  TRUST_PROXY: z.string().default('loopback'),
  /** origins (scheme://host[:port]) besides the server's own that may send state-changing requests, ','-separated */
  ALLOWED_ORIGINS: z.string().default(''),
  /** defaults of the security settings administrators change at run time (docs/security.md) */
  TOTP_REQUIRED_ROLES: z.string().optional(),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(128).default(10),
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).optional(),
  REVEAL_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10000).default(30),
  EXPORT_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(20),
  /** audit rows older than this may be archived to AUDIT_ARCHIVE_DIR (never below the 6 months the law keeps) */
  AUDIT_ONLINE_MONTHS: z.coerce.number().int().min(6).max(600).default(12),
  AUDIT_ARCHIVE_DIR: z.string().optional(),
  SEED_DEMO: z.enum(['true', 'false']).optional(),
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

type Parsed = z.infer<typeof schema>;
export type Config = Omit<Parsed, 'SEED_DEMO' | 'PASSWORD_MAX_AGE_DAYS' | 'TOTP_REQUIRED_ROLES'> & {
  SEED_DEMO: boolean;
  PASSWORD_MAX_AGE_DAYS: number;
  TOTP_REQUIRED_ROLES: string[];
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  return {
    ...c,
    // A production centre starts empty: the demo accounts' password is published in the README.
    SEED_DEMO: c.SEED_DEMO === undefined ? !production : c.SEED_DEMO === 'true',
    // 等保 level 3 asks for periodic changes in production; a demo or test desk keeps its passwords.
    PASSWORD_MAX_AGE_DAYS: c.PASSWORD_MAX_AGE_DAYS ?? (production ? 90 : 0),
    TOTP_REQUIRED_ROLES: (c.TOTP_REQUIRED_ROLES ?? (production ? 'admin,supervisor' : ''))
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  };
}
