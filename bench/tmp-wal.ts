import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from './api/api-server';
import { ACTIVITY_BODY, admittedProfessionals } from './api/fixtures';
import { drive } from './api/load';
async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wal-'));
  const server = await startApiServer(dir);
  const ids = await admittedProfessionals(server.baseUrl, 64);
  let next = 0;
  const timer = setInterval(() => {
    console.log(readdirSync(dir).filter((f) => f.endsWith('-wal')).map((f) => `${f} ${(statSync(join(dir, f)).size / 1e6).toFixed(1)}MB`).join(', '));
  }, 2000);
  const r = await drive({ url: server.baseUrl, connections: 64, seconds: 10, requests: [{ method: 'POST', setupRequest: (request: any) => { const id = ids[next++ % ids.length]; return { ...request, path: `/v1/professionals/${id}/activities`, headers: { 'content-type': 'application/json', 'x-dev-actor': `professional:${id}` }, body: ACTIVITY_BODY }; } }] } as any);
  clearInterval(timer);
  console.log(JSON.stringify(r).slice(0, 300));
  await server.stop();
}
main();
