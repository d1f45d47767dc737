import { replacesCallId } from './consult';

describe('replacesCallId (the consultation a REFER with Replaces names)', () => {
  test('sip.js style: URL-encoded Replaces with tags', () => {
    expect(replacesCallId('<sip:agent7@hotline.local?Replaces=abc123%40host%3Bto-tag%3Dx1%3Bfrom-tag%3Dy2>')).toBe(
      'abc123@host',
    );
  });
  test('other headers around it, parameters after the URI', () => {
    expect(replacesCallId('<sip:agent7@d?Subject=x&Replaces=c-1%3Bto-tag%3Da%3Bfrom-tag%3Db>;method=INVITE')).toBe(
      'c-1',
    );
  });
  test('a blind transfer has none', () => {
    expect(replacesCallId('<sip:96110@hotline.local>')).toBeNull();
    expect(replacesCallId(undefined)).toBeNull();
    expect(replacesCallId('<sip:a@d?Replaces=%3Bto-tag%3Dx>')).toBeNull();
  });
});
