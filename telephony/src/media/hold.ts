// An agent's hold / resume is a re-INVITE from the browser with the same media and a new direction
// (sendonly = hold). rtpengine keeps the leg's ports, ICE and DTLS, so the answer is the SDP we already sent
// the agent, with the direction mirrored and DTLS as the answerer it already is (never actpass in an answer).
// The caller's side is not re-negotiated: while on hold the browser sends silence.

const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
const MIRROR: Record<string, string> = {
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
  sendrecv: 'sendrecv',
};

const directionOf = (lines: string[]) => lines.map((l) => l.slice(2)).find((v) => DIRECTIONS.includes(v)) ?? 'sendrecv';

export function holdAnswer(localSdp: string, offer: string): string {
  const wanted = `a=${MIRROR[directionOf(offer.split(/\r?\n/))]}`;
  const lines = localSdp.split(/\r?\n/).filter((l, i, all) => l || i < all.length - 1);
  const out = lines.map((l) => {
    if (DIRECTIONS.includes(l.slice(2)) && l.startsWith('a=')) return wanted;
    if (l === 'a=setup:actpass') return 'a=setup:passive';
    // a new version of our session description (RFC 3264 §8)
    const o = /^(o=\S+ \S+ )(\d+)(.*)$/.exec(l);
    return o ? `${o[1]}${Number(o[2]) + 1}${o[3]}` : l;
  });
  if (!out.includes(wanted)) out.splice(out.findIndex((l) => l.startsWith('m=audio')) + 1, 0, wanted);
  return `${out.join('\r\n')}\r\n`;
}
