import { holdAnswer } from './hold';

const local = [
  'v=0',
  'o=trunk 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 44300 UDP/TLS/RTP/SAVPF 8 0 101',
  'a=sendrecv',
  'a=setup:actpass',
  'a=fingerprint:sha-256 43:95',
  '',
].join('\r\n');

test('hold: a sendonly offer is answered recvonly with the same media, DTLS passive, a new version', () => {
  const a = holdAnswer(local, 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 8\r\na=sendonly\r\na=setup:actpass\r\n');
  expect(a).toContain('a=recvonly\r\n');
  expect(a).not.toContain('a=sendrecv');
  expect(a).toContain('a=setup:passive\r\n');
  expect(a).toContain('m=audio 44300 UDP/TLS/RTP/SAVPF 8 0 101\r\n');
  expect(a).toContain('o=trunk 1 2 IN IP4');
});

test('resume: sendrecv again; inactive stays inactive', () => {
  expect(holdAnswer(local, 'm=audio 9 X 8\r\na=sendrecv\r\n')).toContain('a=sendrecv\r\n');
  expect(holdAnswer(local, 'm=audio 9 X 8\r\na=inactive\r\n')).toContain('a=inactive\r\n');
});
