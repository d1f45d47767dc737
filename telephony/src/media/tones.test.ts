import { GREETING_NOTES, toneWav } from './tones';

test('a valid 8 kHz mono 16-bit WAV of the notes’ length', () => {
  const wav = toneWav(GREETING_NOTES);
  expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
  expect(wav.readUInt16LE(22)).toBe(1);
  expect(wav.readUInt32LE(24)).toBe(8000);
  expect(wav.readUInt16LE(34)).toBe(16);
  const ms = GREETING_NOTES.reduce((t, [, d]) => t + d, 0);
  expect(wav.readUInt32LE(40)).toBe(Math.round((8000 * ms) / 1000) * 2);
  expect(wav.length).toBe(44 + wav.readUInt32LE(40));
});

test('silence is silent and notes start and end at zero (no clicks)', () => {
  const wav = toneWav([[0, 100]]);
  for (let i = 44; i < wav.length; i += 2) expect(wav.readInt16LE(i)).toBe(0);
  const tone = toneWav([[440, 100]]);
  expect(tone.readInt16LE(44)).toBe(0);
  expect(Math.abs(tone.readInt16LE(tone.length - 2))).toBeLessThan(200);
});
