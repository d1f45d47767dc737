// Pure checks on an uploaded file: the declared type must match the bytes, the name must be safe to
// store and to send back in a Content-Disposition header.

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const ATTACHMENT_PURPOSES = ['feedback', 'intake', 'other'] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

const MAX_NAME_CHARS = 200;

const ascii = (s: string) => Buffer.from(s, 'latin1');
const startsWith = (buf: Buffer, sig: Buffer, at = 0) =>
  buf.length >= at + sig.length && buf.subarray(at, at + sig.length).equals(sig);

/**
 * Magic numbers: a browser's Content-Type comes from the file extension, so a renamed executable or
 * HTML page would otherwise be stored (and later served) as an "image".
 */
export function matchesMagic(type: AttachmentType, buf: Buffer): boolean {
  switch (type) {
    case 'image/jpeg':
      return startsWith(buf, Buffer.from([0xff, 0xd8, 0xff]));
    case 'image/png':
      return startsWith(buf, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/webp':
      return startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8);
    case 'application/pdf':
      return startsWith(buf, ascii('%PDF-'));
  }
}

export function isAttachmentType(v: string): v is AttachmentType {
  return (ATTACHMENT_TYPES as readonly string[]).includes(v);
}

/** The media type of a Content-Type header value, lower-case, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Decode the X-File-Name header (encodeURIComponent'ed by the client) and check it.
 * Returns the name or an error message for the `fileName` field.
 */
export function parseFileName(header: string | undefined): { ok: true; name: string } | { ok: false; error: string } {
  if (!header) return { ok: false, error: 'X-File-Name header is required' };
  let name: string;
  try {
    name = decodeURIComponent(header).normalize('NFC').trim();
  } catch {
    return { ok: false, error: 'Not a valid encoded file name' };
  }
  if (!name) return { ok: false, error: 'Required' };
  if (Array.from(name).length > MAX_NAME_CHARS) return { ok: false, error: `At most ${MAX_NAME_CHARS} characters` };
  // Control characters break headers and logs; path separators and the Windows-reserved set would
  // let a name pretend to be a path when someone saves the download.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\:*?"<>|]/.test(name)) return { ok: false, error: 'Contains characters not allowed' };
  if (/^\.+$/.test(name)) return { ok: false, error: 'Not a file name' };
  return { ok: true, name };
}
