// Small SDP comparisons. Pure.

/** The parts of an SDP that decide where and how media flows: connection, media lines, direction, crypto. */
function mediaShape(sdp: string): string[] {
  return sdp
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) =>
      /^(c=|m=|a=(sendrecv|sendonly|recvonly|inactive|rtpmap|fingerprint|setup|ice-ufrag|crypto))/.test(l),
    );
}

/**
 * Same media for the far end: a re-INVITE would change nothing (rtpengine kept its ports), so the caller's
 * dialog is left alone — some trunks dislike needless re-INVITEs.
 */
export function sameMedia(a: string, b: string): boolean {
  const x = mediaShape(a);
  const y = mediaShape(b);
  return x.length === y.length && x.every((l, i) => l === y[i]);
}

/** Where a parked call's other side sends media: nowhere (RFC 4566 discard port 9, inactive). */
export function blackholeSdp(): string {
  return [
    'v=0',
    'o=hotline-queue 1 1 IN IP4 127.0.0.1',
    's=queue',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 9 RTP/AVP 8 0 101',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}
