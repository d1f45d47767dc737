import { blackholeSdp, sameMedia } from './sdp';

const sdp = (port: number, version = 1, dir = 'sendrecv') =>
  `v=0\r\no=x 1 ${version} IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 8 0\r\na=rtpmap:8 PCMA/8000\r\na=${dir}\r\n`;

test('same media when only the origin version differs', () => {
  expect(sameMedia(sdp(30000, 1), sdp(30000, 2))).toBe(true);
});

test('different port, direction or codecs is different media', () => {
  expect(sameMedia(sdp(30000), sdp(30002))).toBe(false);
  expect(sameMedia(sdp(30000), sdp(30000, 1, 'sendonly'))).toBe(false);
  expect(sameMedia(sdp(30000), sdp(30000).replace('RTP/AVP 8 0', 'RTP/AVP 0'))).toBe(false);
});

test('the parking SDP points at the discard port', () => {
  expect(blackholeSdp()).toMatch(/m=audio 9 RTP\/AVP/);
});
