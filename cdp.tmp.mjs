// usage: node cdp.tmp.mjs <port> [snapshot-file]
import WebSocket from 'ws';
import { createWriteStream } from 'node:fs';
const port = process.argv[2];
const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(list[0].webSocketDebuggerUrl, { maxPayload: 1 << 30 });
await new Promise((r) => ws.once('open', r));
let id = 0; const pending = new Map(); let out = null;
ws.on('message', (m) => { const msg = JSON.parse(m.toString()); if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); } else if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') out.write(msg.params.chunk); });
const call = (method, params = {}) => new Promise((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
const mem = async () => (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })).result.result.value;
console.log('before gc', await mem());
await call('HeapProfiler.collectGarbage');
console.log('after gc ', await mem());
if (process.argv[3]) { out = createWriteStream(process.argv[3]); await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false }); out.end(); console.log('snapshot written'); }
ws.close();
