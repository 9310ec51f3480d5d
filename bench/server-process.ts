import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A server in a process of its own, as the benchmark sees it. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Spawn to the first `GET /readyz` answered 200, in milliseconds. */
  readyMs: number;
  /** Resident set size now (VmRSS), in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

/** Spawns `args`, waits for `listening on URL` on stdout, then polls `/readyz` until it answers 200. */
export async function startServerProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
        const found = /listening on (http:\/\/[^\s)]+)/.exec(stdout)?.[1];
        if (found !== undefined) resolve(found);
      });
      void exited.then(() => reject(new Error(`${args.join(' ')} exited before listening:\n${stderr}`)));
    });
    for (;;) {
      const ready = await fetch(`${url}/readyz`).catch(() => null);
      if (ready?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const readyMs = performance.now() - started;
    return {
      url,
      pid: child.pid!,
      readyMs,
      rss: () => rssOf(child),
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
}

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}
