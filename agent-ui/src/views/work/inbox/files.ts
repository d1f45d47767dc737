// Client-side file checks for feedback attachments (the server checks again, including magic bytes).
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '../../../api/work';

/** The files chosen in an <input type=file> change event; the input is cleared so the same file can be re-picked. */
export function takeFiles(ev: Event): File[] {
  const input = ev.target as HTMLInputElement;
  const files = Array.from(input.files ?? []);
  input.value = '';
  return files;
}

export function fileProblem(f: File): 'type' | 'size' | null {
  if (!ATTACHMENT_TYPES.includes(f.type)) return 'type';
  if (f.size === 0 || f.size > ATTACHMENT_MAX_BYTES) return 'size';
  return null;
}

export const sizeText = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);
