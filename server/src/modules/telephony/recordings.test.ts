import {
  mediaKeysOf,
  mergePcaps,
  canListen,
  durationFromMetadata,
  encryptedPathFor,
  isMetadataOf,
  isPcapOf,
  pcapPrefixes,
  retentionCutoff,
} from './recordingsDomain';

test('rtpengine pcap names match the call-id raw or URI-escaped, and nothing else', () => {
  const id = 'a84b4c76e66710@pc33.example.com';
  expect(pcapPrefixes(id)).toContain('a84b4c76e66710%40pc33.example.com-');
  expect(isPcapOf('a84b4c76e66710%40pc33.example.com-0f1e2d3c4b5a6978.pcap', id)).toBe(true);
  expect(isPcapOf('a84b4c76e66710@pc33.example.com-0f1e2d3c4b5a6978.pcap', id)).toBe(true);
  expect(isPcapOf('a84b4c76e66710@pc33.example.com-0f1e2d3c4b5a6978.txt', id)).toBe(false);
  expect(isPcapOf('a84b4c76e66710@pc33.example.com.other-1.pcap', id)).toBe(false);
  expect(isPcapOf('x-a84b4c76e66710@pc33.example.com-1.pcap', id)).toBe(false);
});

test('encrypted files are filed by the Beijing date', () => {
  // 2026-03-01 17:30 UTC is 2026-03-02 01:30 in Beijing
  expect(encryptedPathFor(42, new Date('2026-03-01T17:30:00Z'))).toBe('encrypted/2026/03/02/42.pcap.enc');
});

test('leaders listen to any call, an agent only to the calls they took', () => {
  expect(canListen({ id: 1, roles: ['shift_leader'] }, { agentId: 7 })).toBe(true);
  expect(canListen({ id: 1, roles: ['supervisor'] }, { agentId: null })).toBe(true);
  expect(canListen({ id: 7, roles: ['agent'] }, { agentId: 7 })).toBe(true);
  expect(canListen({ id: 8, roles: ['agent'] }, { agentId: 7 })).toBe(false);
  expect(canListen({ id: 8, roles: ['department_handler', 'revisit_agent'] }, { agentId: null })).toBe(false);
});

test('retention cutoff', () => {
  expect(retentionCutoff(new Date('2026-07-01T00:00:00Z'), 180).toISOString()).toBe('2026-01-02T00:00:00.000Z');
});

test("rtpengine's metadata: which file finishes a pcap, and the call's length from it", () => {
  const base = '1-30451%40127.0.0.1-5108183e5f9f02f8';
  expect(isMetadataOf(`rtpengine-meta-${base}.txt`, base)).toBe(true);
  expect(isMetadataOf(`${base}.txt`, base)).toBe(true);
  expect(isMetadataOf(`rtpengine-meta-${base}.tmp`, base)).toBe(false);
  expect(isMetadataOf(`rtpengine-meta-2-30451%40127.0.0.1-5108183e5f9f02f8.txt`, base)).toBe(false);
  const text =
    '/x.pcap\n\n\nTimestamp started ms: 1795313657556.699\nSDP mode: offer\n\nTimestamp terminated ms(first monologue): 1795313657839.238\n';
  expect(durationFromMetadata(text)).toBe(283);
  expect(durationFromMetadata('nothing')).toBeNull();
});

test("media keys of a call: its own Call-ID first, then each transfer's rtpengine call once", () => {
  expect(mediaKeysOf('c1', null)).toEqual(['c1']);
  expect(
    mediaKeysOf('c1', [
      { type: 'answered', at: 1, userId: 2 },
      { type: 'media', at: 2, key: 'c1' },
      { type: 'media', at: 3, key: 'c1~1' },
      { type: 'media', at: 4, key: 'consult-9' },
      { type: 'media', at: 5, key: 'c1~1' },
    ]),
  ).toEqual(['c1', 'c1~1', 'consult-9']);
});

test("pcap parts merge into one file: the first header, then every part's packets", () => {
  const header = (link: string) => Buffer.from(`d4c3b2a102000400000000000000000000000400${link}`, 'hex');
  const a = Buffer.concat([header('01000000'), Buffer.from('aaaa', 'hex')]);
  const b = Buffer.concat([header('01000000'), Buffer.from('bbbbbb', 'hex')]);
  expect(mergePcaps([a])).toBe(a);
  expect(mergePcaps([a, b]).toString('hex')).toBe(`${header('01000000').toString('hex')}aaaabbbbbb`);
  expect(() => mergePcaps([a, Buffer.concat([header('71000000'), Buffer.from('cc', 'hex')])])).toThrow(/link type/);
  expect(() => mergePcaps([a, Buffer.from('not a pcap at all, clearly not one')])).toThrow(/not a pcap/);
});
