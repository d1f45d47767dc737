// rtpengine-client ships no types; only what we call is declared.
declare module 'rtpengine-client' {
  type Dest = { port: number; host: string };
  type NgResult = {
    result: 'ok' | 'error' | 'pong' | string;
    'error-reason'?: string;
    sdp?: string;
    [k: string]: unknown;
  };
  export class Client {
    constructor(opts?: { timeout?: number; rejectOnFailure?: boolean; port?: number; host?: string });
    ping(dest: Dest): Promise<NgResult>;
    offer(dest: Dest, opts: Record<string, unknown>): Promise<NgResult>;
    answer(dest: Dest, opts: Record<string, unknown>): Promise<NgResult>;
    delete(dest: Dest, opts: Record<string, unknown>): Promise<NgResult>;
    startRecording(dest: Dest, opts: Record<string, unknown>): Promise<NgResult>;
    playMedia(dest: Dest, opts: Record<string, unknown>): Promise<NgResult>;
    stopMedia(dest: Dest, opts: Record<string, unknown>): Promise<NgResult>;
    close(): void;
  }
}
