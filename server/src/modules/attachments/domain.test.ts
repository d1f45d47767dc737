import { detectType, matchesMagic, parseFileName, storedFileName } from './domain';

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

test('finding 6 (hardening): the type is read from the bytes, whatever the name says', () => {
  expect(detectType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
  expect(detectType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  expect(detectType(Buffer.from('<html><script>'))).toBeNull();
  expect(detectType(Buffer.alloc(0))).toBeNull();
});

test("finding 6 (hardening): the stored name's extension matches the detected type", () => {
  const cases: [string, Parameters<typeof storedFileName>[1], string][] = [
    ['x.html', 'application/pdf', 'x.pdf'],
    ['report.pdf', 'application/pdf', 'report.pdf'],
    ['scan', 'application/pdf', 'scan.pdf'],
    ['x.pdf.html', 'application/pdf', 'x.pdf'],
    ['x.exe.pdf', 'application/pdf', 'x.pdf'],
    ['invoice.html.exe', 'image/png', 'invoice.png'],
    ['IMG_0001.JPG', 'image/jpeg', 'IMG_0001.JPG'],
    ['photo.jpeg', 'image/jpeg', 'photo.jpeg'],
    ['photo.png', 'image/jpeg', 'photo.jpg'],
    ['2026.03.05 现场照片', 'image/png', '2026.03.05 现场照片.png'],
    ['现场照片 1.png', 'image/png', '现场照片 1.png'],
    ['.html', 'application/pdf', 'attachment.pdf'],
    ['x.html. ', 'application/pdf', 'x.pdf'],
  ];
  for (const [name, type, stored] of cases) {
    expect(storedFileName(name, type)).toBe(stored);
    expect(storedFileName(stored, type)).toBe(stored);
  }
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
