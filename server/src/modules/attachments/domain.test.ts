import { matchesMagic, mediaType, parseFileName } from './domain';

test('magic bytes must match the declared type', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const webp = Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1');
  expect(matchesMagic('image/png', png)).toBe(true);
  expect(matchesMagic('image/jpeg', png)).toBe(false);
  expect(matchesMagic('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe(true);
  expect(matchesMagic('image/webp', webp)).toBe(true);
  expect(matchesMagic('image/webp', Buffer.from('RIFF\x10\x00\x00\x00WAVE', 'latin1'))).toBe(false);
  expect(matchesMagic('application/pdf', Buffer.from('%PDF-1.7'))).toBe(true);
  expect(matchesMagic('application/pdf', Buffer.from('%PD'))).toBe(false);
  expect(matchesMagic('image/png', Buffer.alloc(0))).toBe(false);
});

test('media type ignores parameters and case', () => {
  expect(mediaType('Image/PNG; charset=binary')).toBe('image/png');
  expect(mediaType(undefined)).toBe('');
});

test('file names are decoded and checked', () => {
  expect(parseFileName(encodeURIComponent('整改后 照片.jpg'))).toEqual({ ok: true, name: '整改后 照片.jpg' });
  for (const bad of [
    undefined,
    '',
    '%E0%A4%A',
    encodeURIComponent('a/b.png'),
    encodeURIComponent('a\nb'),
    '..',
    'x'.repeat(201),
  ])
    expect(parseFileName(bad).ok).toBe(false);
});
