// Export the current filter as xlsx. Fetched (not a plain link) so a refused export — too many rows —
// shows the server's reason instead of a broken download; the file is then handed to the browser.
import { ref } from 'vue';
import { downloadUrl } from '../../api/client';
import { ticketsApi } from '../../api/tickets';
import type { TicketListQuery } from '../../api/types';

export function useExport() {
  const exporting = ref(false);
  async function run(query: TicketListQuery, columns: string[]): Promise<void> {
    exporting.value = true;
    try {
      // a refusal (too many rows) throws ApiError with the server's count and max
      await downloadUrl(ticketsApi.exportUrl(query, columns), 'tickets.xlsx');
    } finally {
      exporting.value = false;
    }
  }
  return { exporting, run };
}
