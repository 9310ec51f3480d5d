import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../index.js';

/**
 * One sandbox per test file on an ephemeral port, reset before each test. Test support only.
 */
export function useSandbox(options: SandboxOptions = {}): { readonly sandbox: RunningSandbox } {
  let running: RunningSandbox | undefined;
  beforeAll(async () => {
    running = await startSandbox(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(async () => {
    await running?.control.reset();
  });
  return {
    get sandbox() {
      if (!running) throw new Error('sandbox not started');
      return running;
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
  text: string;
}

export interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export async function call(url: string, init: CallInit = {}): Promise<Answer> {
  const response = await fetch(url, {
    ...init,
    headers: { 'user-agent': 'forgekeeper-sandbox-tests', ...init.headers },
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    body: isJson && text ? JSON.parse(text) : text,
    text,
  };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A raw GET with exactly the given headers (fetch always adds a User-Agent). */
export function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers, method: 'GET' }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end();
  });
}
