// Pure checks on an uploaded file: the type comes from the bytes (never from what the upload claimed), the
// name must be safe to store and to send back in a Content-Disposition header, and its extension must say
// what the bytes are.

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

/**
 * The type the bytes are, whatever the upload claimed: a browser's Content-Type comes from the file name,
 * so the name may say .html for a PDF or .png for a page. Null when it is none of the accepted types.
 */
export function detectType(buf: Buffer): AttachmentType | null {
  return ATTACHMENT_TYPES.find((t) => matchesMagic(t, buf)) ?? null;
}

/** Extensions that name each accepted type; the first is the one a name without a fitting one gets. */
const EXTENSIONS: Record<AttachmentType, string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
};
/**
 * Extensions that claim a type: pages, scripts and programs above all, which would run when a colleague saves
 * and opens the file. A name ending in several (`x.pdf.html`, `x.exe.pdf`) loses them all, so nothing hides
 * behind the type the bytes are.
 */
const TYPE_EXTENSIONS = new Set([
  ...Object.values(EXTENSIONS).flat(),
  ...(
    'htm html xhtml shtml mht mhtml svg svgz xml xsl xslt js mjs cjs jse vbs vbe wsf wsh hta ps1 psm1 bat cmd com ' +
    'exe scr pif msi msp dll cpl jar class sh bash php phtml php5 jsp jspx asp aspx cgi pl py rb lnk url reg swf ' +
    'gif bmp tif tiff ico heic doc docx xls xlsx ppt pptx rtf odt zip rar 7z gz tar txt csv'
  ).split(' '),
]);
const EXT_RE = /\.([A-Za-z0-9]{1,10})$/;

/**
 * The name a file is stored and served under: its extension made to match the detected type (`x.html` with
 * PDF bytes → `x.pdf`, `scan` → `scan.pdf`, `x.pdf.html` → `x.pdf`); a fitting extension keeps its spelling
 * (`IMG_1.JPG`). Applied again to a name it made, it changes nothing.
 */
export function storedFileName(name: string, type: AttachmentType): string {
  // Windows drops trailing dots and spaces, which would bring a stripped extension back into view
  const trimEnd = (s: string) => s.replace(/[.\s]+$/u, '');
  let stem = trimEnd(name);
  let ext = EXTENSIONS[type][0]!;
  const last = EXT_RE.exec(stem);
  if (last) {
    stem = stem.slice(0, -last[0].length);
    if (EXTENSIONS[type].includes(last[1]!.toLowerCase())) ext = last[1]!;
  }
  for (let m = EXT_RE.exec(stem); m && TYPE_EXTENSIONS.has(m[1]!.toLowerCase()); m = EXT_RE.exec(stem))
    stem = stem.slice(0, -m[0].length);
  stem = trimEnd(stem);
  return `${stem || 'attachment'}.${ext}`;
}

export function isAttachmentType(v: string): v is AttachmentType {
  return (ATTACHMENT_TYPES as readonly string[]).includes(v);
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
