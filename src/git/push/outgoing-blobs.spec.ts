import { describe, expect, it } from 'vitest';
import { batchParser } from './outgoing-blobs.js';

const sha = (c: string) => c.repeat(40);

describe('batchParser', () => {
  it('parses cat-file --batch output however it is cut into chunks', () => {
    const output = Buffer.concat([
      Buffer.from(`${sha('a')} blob 5\nhello\n`),
      Buffer.from(`${sha('b')} missing\n`),
      Buffer.from(`${sha('c')} blob 0\n\n`),
      Buffer.from(`${sha('d')} blob 3\n\x00\n\xff\n`, 'latin1'),
    ]);
    for (const size of [1, 2, 7, 50, output.length]) {
      const seen: string[] = [];
      const parse = batchParser((id, content) =>
        seen.push(`${id.slice(0, 1)}:${Buffer.from(content).toString('latin1')}`),
      );
      for (let at = 0; at < output.length; at += size) parse(output.subarray(at, at + size));
      expect(seen).toEqual(['a:hello', 'c:', 'd:\x00\n\xff']);
    }
  });
});
