// Built-in queue audio, so a fresh install plays something while callers wait: a chime as the greeting and a
// slow melody as music, synthesised as 8 kHz 16-bit mono WAV (what telephone codecs carry). Centres set
// their own recorded greeting and licensed music with QUEUE_GREETING_FILE / QUEUE_MUSIC_FILE.

const RATE = 8000;

/** notes: [frequency Hz (0 = silence), milliseconds]; each note fades in and out to avoid clicks. */
export function toneWav(notes: readonly (readonly [number, number])[], volume = 0.25): Buffer {
  const samples: number[] = [];
  for (const [freq, ms] of notes) {
    const n = Math.round((RATE * ms) / 1000);
    const fade = Math.min(400, Math.floor(n / 4));
    for (let i = 0; i < n; i++) {
      const env = Math.min(1, i / fade || 0, (n - i) / fade || 0);
      samples.push(freq ? Math.round(32767 * volume * env * Math.sin((2 * Math.PI * freq * i) / RATE)) : 0);
    }
  }
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(v, i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A three-note chime (about 1.5 s). */
export const GREETING_NOTES: readonly (readonly [number, number])[] = [
  [659, 350],
  [523, 350],
  [784, 600],
  [0, 300],
];

/** A slow pentatonic phrase (about 8 s), looped while the caller waits. */
export const MUSIC_NOTES: readonly (readonly [number, number])[] = [
  [392, 500],
  [440, 500],
  [523, 500],
  [587, 700],
  [523, 500],
  [440, 500],
  [392, 900],
  [0, 300],
  [330, 500],
  [392, 500],
  [440, 700],
  [392, 500],
  [330, 500],
  [294, 900],
  [0, 500],
];
