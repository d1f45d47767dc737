// Telephony (drachtio-srf SIP application) lives here. Its scope is issue #4; until then this workspace
// only holds the settings it will read, so that .env.example documents them from the start.
export interface TelephonyConfig {
  drachtioHost: string;
  drachtioPort: number;
  drachtioSecret: string;
  sipDomain: string;
}

export function loadTelephonyConfig(env: NodeJS.ProcessEnv = process.env): TelephonyConfig {
  return {
    drachtioHost: env.DRACHTIO_HOST ?? '127.0.0.1',
    drachtioPort: Number(env.DRACHTIO_PORT ?? 9022),
    drachtioSecret: env.DRACHTIO_SECRET ?? 'cymru',
    sipDomain: env.SIP_DOMAIN ?? 'hotline.local',
  };
}
