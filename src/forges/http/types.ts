import type { ForgeId } from '../../domain/forge.js';
import type { AdapterOptions, RequestEvent } from '../types.js';

/** One request as an adapter describes it. `url` is absolute, so a `Link`/`next` URL can be followed as is. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  /** May carry credentials; the pipeline hands them to the transport (`send`) and to nothing else. */
  headers?: Record<string, string>;
  /** A string (JSON, form) or bytes (a multipart body built by the adapter, Bitbucket `/src`). */
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /**
   * Credentials carried outside the headers (GitHub's credential-revocation API takes the token in
   * the JSON body, forges.md §1.6): redacted from network error messages like header credentials.
   */
  secrets?: readonly string[];
  /**
   * Overrides the pipeline's `retries` for this request. `0` for a request that must not be sent
   * twice: a GitLab rotation whose answer was lost may already have happened, and sending the old
   * token again triggers reuse detection (forges.md §2.6).
   */
  retries?: number;
}

/**
 * Response headers as the adapters read them: lookup is case-insensitive (forges.md §0 preamble) and
 * a repeated header reads as its values joined by `, `, as with `Headers` — which satisfies this too
 * (the tests build responses with it).
 */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** A forge's answer, body already read. */
export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  /** The body as text ('' when empty). */
  text: string;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON (HTML, plain text, garbage). */
  json: unknown;
  /** Attempts made, rate-limit waits included. */
  attempts: number;
}

/** Why no HTTP answer arrived. Only `aborted` (the caller gave up) and `invalid_request` are never retried. */
export type NetworkReason =
  | 'timeout'
  | 'reset'
  | 'refused'
  | 'dns'
  | 'network'
  | 'aborted'
  | 'invalid_request';

export interface NetworkFailure {
  reason: NetworkReason;
  /** A short machine code: `ECONNRESET`, `ENOTFOUND`, `timeout` … */
  code: string;
  /** Redacted: no header value or token text can be in it. */
  message: string;
  attempts: number;
}

/**
 * What `request` resolves to; it never throws.
 * - `response`: any HTTP status the pipeline gave up retrying on (2xx, 4xx, 5xx after the retries).
 * - `rate_limited`: the forge said "later" and `retryAt` was further away than `maxRateLimitWaitMs`.
 * - `network`: no usable HTTP answer (reset, refused, DNS, timeout, aborted).
 */
export type HttpOutcome =
  | { type: 'response'; response: HttpResponse }
  | { type: 'rate_limited'; response: HttpResponse; retryAt: string }
  | { type: 'network'; failure: NetworkFailure };

/** Decides whether a response is the forge refusing for rate reasons (forge-specific: GitHub uses 403 too). */
export type RateLimitClassifier = (response: HttpResponse) => boolean;

/** What one attempt hands the transport. `signal` ends it: the attempt's timeout or the caller's abort. */
export interface SendRequest {
  method: HttpRequest['method'];
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal: AbortSignal;
}

/** An HTTP answer with its body read whole. Header names are lower-case; a repeated header is an array. */
export interface SendResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * The transport: one HTTP exchange, no redirect followed, no retry. It throws (rejects) for every
 * failure without an HTTP answer — a socket error, DNS, an invalid URL, or `signal` aborting — and
 * the attempt classifies what it threw. Default: `undiciSend` (`send.ts`); tests script it.
 */
export type HttpSend = (request: SendRequest) => Promise<SendResponse>;

/** Everything the pipeline needs; the test seams (`send`, `now`, `sleep`, `random`) default to the platform. */
export interface PipelineConfig {
  forge: ForgeId;
  /** API base URL without trailing slash: paths in `RequestEvent` are relative to it. */
  apiUrl: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  maxRateLimitWaitMs?: number;
  onRequest?: (event: RequestEvent) => void;
  isRateLimited?: RateLimitClassifier;
  send?: HttpSend;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface HttpPipeline {
  request(request: HttpRequest): Promise<HttpOutcome>;
}

/**
 * What a forge's `createXAdapter` takes: the public `AdapterOptions` with the API URL resolved, plus
 * the pipeline's test seams (a scripted `send`, a fake clock) for unit tests.
 */
export type AdapterConfig = AdapterOptions & { apiUrl: string } & Pick<
    PipelineConfig,
    'send' | 'now' | 'sleep' | 'random'
  >;
