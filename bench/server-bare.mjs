// The baseline of `bench/server-api.ts`: a bare Fastify JSON route answering the same payload as
// Forgekeeper's `GET /api/v1/tokens` (read from the file given as the first argument), in a process of
// its own. Prints `listening on URL` once it listens; stops on SIGTERM.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const payload = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const app = Fastify({ logger: false });
app.get('/api/v1/tokens', async () => payload);
app.get('/readyz', async () => ({ status: 'ready' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening on ${address}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
