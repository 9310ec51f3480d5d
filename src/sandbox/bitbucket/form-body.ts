import type { FastifyInstance } from 'fastify';

/**
 * The form bodies `POST /2.0/repositories/{ws}/{slug}/src` accepts (forges.md §3.8; swagger "Create
 * a commit by uploading a file"): `multipart/form-data` and `application/x-www-form-urlencoded`.
 *
 * Why not `@fastify/multipart`: busboy, under it, keeps only `name` and `filename` from a part's
 * Content-Disposition, and Bitbucket marks executables and symlinks there (`x-attributes="executable"`,
 * swagger "Executables and links"). So multipart bodies are parsed here, binary-safe, on the raw
 * bytes; the part headers stay readable.
 */
export interface FormPart {
  /** The form field name (for files: the repository path). */
  name: string;
  /** Present on file parts (a `filename` parameter): always a file, even when named `message`. */
  filename: string | null;
  /** Bitbucket's `x-attributes` (`executable`, `link`), lower-cased. */
  attributes: string[];
  value: Buffer;
}

export interface FormBody {
  type: 'multipart' | 'urlencoded';
  parts: FormPart[];
}

/** Generous, like the forge's own request limit (not documented); 1,000 files of 5 KB fit easily. */
const BODY_LIMIT = 256 * 1024 * 1024;

class FormError extends Error {
  readonly statusCode = 400;
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (request, body, done) => {
      try {
        const boundary = boundaryOf(String(request.headers['content-type'] ?? ''));
        done(null, { type: 'multipart', parts: parseMultipart(toBuffer(body), boundary) } satisfies FormBody);
      } catch (error) {
        done(error instanceof FormError ? error : new FormError('bad multipart body'), undefined);
      }
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (_request, body, done) => {
      done(null, { type: 'urlencoded', parts: parseUrlEncoded(toBuffer(body)) } satisfies FormBody);
    },
  );
}

function toBuffer(body: string | Buffer): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export function isFormBody(value: unknown): value is FormBody {
  return typeof value === 'object' && value !== null && 'parts' in value && Array.isArray(value.parts);
}

export function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new FormError('multipart body without a boundary');
  return boundary;
}

/** `name="a b"; filename="x"; x-attributes="executable"` (also the swagger's `x-attributes:"…"`). */
function dispositionParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([A-Za-z0-9_*-]+)\s*[=:]\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (const match of header.matchAll(pattern)) {
    const key = match[1]?.toLowerCase() ?? '';
    const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    if (!params.has(key)) params.set(key, raw);
  }
  return params;
}

/** Browsers and undici escape `"`, CR and LF in field names as %22, %0D, %0A (WHATWG multipart). */
function unescapeName(name: string): string {
  return name.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The next `CRLF--boundary` at or after `from` that really ends a part (followed by `--` or CRLF). */
function nextDelimiter(body: Buffer, closing: Buffer, from: number): number {
  for (let at = body.indexOf(closing, from); at >= 0; at = body.indexOf(closing, at + 1)) {
    const after = body.subarray(at + closing.length, at + closing.length + 2).toString('latin1');
    if (after === '--' || after === '\r\n') return at;
  }
  return -1;
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const closing = Buffer.concat([CRLF, delimiter]);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new FormError('multipart body without its boundary');
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // `--boundary--`: the end
    if (!body.subarray(at, at + 2).equals(CRLF)) throw new FormError('malformed multipart delimiter');
    const headersEnd = body.indexOf(HEADER_END, at + 2);
    if (headersEnd < 0) throw new FormError('multipart part without a header end');
    const headers = body.subarray(at + 2, headersEnd).toString('utf8');
    const next = nextDelimiter(body, closing, headersEnd + 4);
    if (next < 0) throw new FormError('multipart part without a closing boundary');
    parts.push(partOf(headers, body.subarray(headersEnd + 4, next)));
    at = next + CRLF.length;
  }
}

function partOf(headerText: string, value: Buffer): FormPart {
  const headers = new Map<string, string>();
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const params = dispositionParams(headers.get('content-disposition') ?? '');
  // The swagger's MIME example names the path in Content-ID instead of a field name.
  const contentId = headers.get('content-id')?.replace(/^"|"$/g, '');
  const name = params.get('name') ?? contentId;
  if (name === undefined) throw new FormError('multipart part without a name');
  const attributes = (params.get('x-attributes') ?? '')
    .split(',')
    .map((attribute) => attribute.trim().toLowerCase())
    .filter((attribute) => attribute !== '');
  return { name: unescapeName(name), filename: params.get('filename') ?? null, attributes, value };
}

/** `a=1&b=2`, `+` as space, percent-decoded to bytes (so UTF-8 text and any byte round-trip). */
export function parseUrlEncoded(body: Buffer): FormPart[] {
  return body
    .toString('latin1')
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      const rawValue = equals < 0 ? '' : pair.slice(equals + 1);
      return {
        name: decodeBytes(rawName).toString('utf8'),
        filename: null,
        attributes: [],
        value: decodeBytes(rawValue),
      };
    });
}

/** Percent-decoding to raw bytes: `%FF` stays one byte 0xFF, not U+FFFD. */
function decodeBytes(raw: string): Buffer {
  const bytes: number[] = [];
  const text = raw.replace(/\+/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x25 && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(char & 0xff);
    }
  }
  return Buffer.from(bytes);
}
