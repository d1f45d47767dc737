// HTTP load client for scripts/bench/tickets/run.mjs. C async workers share one queue of N requests and
// reuse keep-alive connections (undici if installed, else Node's global fetch, which is undici inside).
// Runs inline or as a worker_thread entry (workerData = the same options), so the client's own CPU work
// can be kept off the event loop of the in-process server.
import { createRequire } from 'node:module';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);

async function pickFetch(connections) {
  try {
    const undici = require('undici');
    const dispatcher = new undici.Agent({ connections: connections ?? null, keepAliveTimeout: 60_000, pipelining: 1 });
    return {
      name: `undici ${require('undici/package.json').version}`,
      fetch: (url, init) => undici.fetch(url, { ...init, dispatcher }),
      close: () => dispatcher.close(),
    };
  } catch {
    return {
      name: `global fetch (undici ${process.versions.undici ?? '?'})`,
      fetch: globalThis.fetch,
      close: async () => {},
    };
  }
}

const CONTENT = '楼下商铺夜间噪声扰民，每晚十点后仍在营业放音乐，严重影响休息，请相关部门尽快处理。';
const ADDRESS = '某市某区幸福路 128 号 3 栋 2 单元 501 室';

/** Build request i of a phase. */
function requestFor(o, i) {
  if (o.kind === 'create') {
    const n = o.offset + i;
    return {
      url: `${o.baseUrl}/api/tickets`,
      headers: { 'content-type': 'application/json', cookie: o.cookie, 'idempotency-key': `${o.runId}-${n}` },
      body: JSON.stringify({
        channel: 'phone_12345',
        callerName: '王先生',
        callerPhone: `139${String(n).padStart(8, '0')}`,
        content: CONTENT,
        categoryId: o.categoryId,
        urgency: 'normal',
        address: ADDRESS,
      }),
    };
  }
  return {
    url: `${o.baseUrl}/api/tickets/${o.ids[i]}/actions/dispatch`,
    headers: { 'content-type': 'application/json', cookie: o.cookie },
    body: JSON.stringify({ version: 1, targets: [{ unitId: o.unitId, role: 'primary' }] }),
  };
}

/**
 * opts: { kind: 'create'|'dispatch', baseUrl, cookie, count, concurrency, expectStatus, rate?, maxInFlight?,
 *         create: offset, runId, categoryId; dispatch: ids, unitId }
 * Returns { client, seconds, latenciesMs: Float64Array, errors: [{i, status, body}], ids: number[] }
 */
export async function runLoad(o) {
  const f = await pickFetch(o.rate ? undefined : o.concurrency);
  const lat = new Float64Array(o.count);
  const ok = new Uint8Array(o.count);
  const ids = new Array(o.count).fill(0);
  const errors = [];
  let next = 0;
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= o.count) return;
      await one(i, process.hrtime.bigint());
    }
  }
  async function one(i, due) {
    const r = requestFor(o, i);
    let status = 0;
    let text = '';
    try {
      const res = await f.fetch(r.url, { method: 'POST', headers: r.headers, body: r.body });
      status = res.status;
      text = await res.text();
    } catch (e) {
      text = String(e?.cause?.message ?? e?.message ?? e);
    }
    lat[i] = Number(process.hrtime.bigint() - due) / 1e6;
    if (status === o.expectStatus) {
      ok[i] = 1;
      if (o.kind === 'create') ids[i] = JSON.parse(text).ticket.id;
    } else {
      errors.push({ i, status, body: text.slice(0, 300) });
    }
  }
  /** Open loop: request i is due at t0 + i/rate whether or not earlier ones finished; latency counts from
   *  the due time, so a server that falls behind is charged for the queueing (no coordinated omission). */
  async function openLoop(t0) {
    const gapNs = 1e9 / o.rate;
    const inFlight = new Set();
    for (let i = 0; i < o.count; i++) {
      const due = t0 + BigInt(Math.round(i * gapNs));
      const waitMs = Number(due - process.hrtime.bigint()) / 1e6;
      if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      while (inFlight.size >= o.maxInFlight) await Promise.race(inFlight);
      const p = one(i, due).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  }
  const t0 = process.hrtime.bigint();
  if (o.rate) await openLoop(t0);
  else await Promise.all(Array.from({ length: o.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await f.close();
  return { client: f.name, seconds, latenciesMs: lat, ok, errors, ids };
}

if (!isMainThread && workerData?.benchLoad) {
  runLoad(workerData.benchLoad).then(
    (r) => parentPort.postMessage({ result: r }),
    (e) => parentPort.postMessage({ error: String(e?.stack ?? e) }),
  );
}
