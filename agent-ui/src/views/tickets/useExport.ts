// Export the current filter as xlsx. Fetched (not a plain link) so a refused export — too many rows —
// shows the server's reason instead of a broken download; the file is then handed to the browser.
import { ref } from 'vue';
import { ApiError, notifyUnauthorized } from '../../api/client';
import { ticketsApi } from '../../api/tickets';
import type { TicketListQuery } from '../../api/types';

export function useExport() {
  const exporting = ref(false);
  async function run(query: TicketListQuery, columns: string[]): Promise<void> {
    exporting.value = true;
    try {
      const res = await fetch(ticketsApi.exportUrl(query, columns), { credentials: 'include' });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as {
          error?: { code?: string; message?: string; count?: number; max?: number };
        };
        if (res.status === 401) notifyUnauthorized();
        const e = body.error ?? {};
        const err = new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText);
        Object.assign(err, { count: e.count, max: e.max });
        throw err;
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'tickets.xlsx';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } finally {
      exporting.value = false;
    }
  }
  return { exporting, run };
}
