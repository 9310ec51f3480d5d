import { randomBytes } from 'node:crypto';

/**
 * A `multipart/form-data` body built by hand, binary-safe, for `POST …/src` (forges.md §3.8: "binary
 * content goes in as multipart file parts"). Built here rather than with `FormData` so each part's
 * Content-Disposition can carry Bitbucket's `x-attributes="executable"` (swagger "Executables and
 * links"), which `FormData` cannot express.
 */
export type MultipartPart =
  | { kind: 'field'; name: string; value: string }
  | {
      kind: 'file';
      name: string;
      filename: string;
      content: Uint8Array;
      contentType: string;
      attributes?: string[];
    };

export interface MultipartBody {
  contentType: string;
  body: Uint8Array;
}

/** WHATWG's escaping of names in multipart headers: `"` → %22, CR → %0D, LF → %0A. */
function escapeName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function headerOf(part: MultipartPart): string {
  if (part.kind === 'field') return `Content-Disposition: form-data; name="${escapeName(part.name)}"\r\n\r\n`;
  const attributes = part.attributes?.length ? `; x-attributes="${part.attributes.join(',')}"` : '';
  return (
    `Content-Disposition: form-data; name="${escapeName(part.name)}"; filename="${escapeName(part.filename)}"${attributes}\r\n` +
    `Content-Type: ${part.contentType}\r\n\r\n`
  );
}

/** Bytes of every part; the boundary is random and checked not to occur in any content. */
export function buildMultipart(parts: readonly MultipartPart[]): MultipartBody {
  const contents = parts.map((part) =>
    part.kind === 'field' ? Buffer.from(part.value, 'utf8') : Buffer.from(part.content),
  );
  let boundary = `----forgekeeper${randomBytes(16).toString('hex')}`;
  while (contents.some((content) => content.includes(boundary))) {
    boundary = `----forgekeeper${randomBytes(16).toString('hex')}`;
  }
  const chunks: Buffer[] = [];
  parts.forEach((part, index) => {
    chunks.push(Buffer.from(`--${boundary}\r\n${headerOf(part)}`, 'utf8'));
    chunks.push(contents[index] ?? Buffer.alloc(0));
    chunks.push(Buffer.from('\r\n'));
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: new Uint8Array(Buffer.concat(chunks)),
  };
}
