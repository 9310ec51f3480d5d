import { describe, expect, it } from 'vitest';
import { parseFormBody } from './form-body.js';

describe('GitLab form bodies (Rack nested parameters)', () => {
  it('reads actions[][…] as a list of hashes, a new one whenever a key repeats', () => {
    const body = parseFormBody(
      'branch=main&commit_message=two+files&actions[][action]=create&actions[][file_path]=a.txt&actions[][content]=A&' +
        'actions[][action]=delete&actions[][file_path]=b%2Fc.txt',
    );
    expect(body).toEqual({
      branch: 'main',
      commit_message: 'two files',
      actions: [
        { action: 'create', file_path: 'a.txt', content: 'A' },
        { action: 'delete', file_path: 'b/c.txt' },
      ],
    });
  });

  it('reads plain lists and nested hashes', () => {
    expect(parseFormBody('tags[]=a&tags[]=b&meta[owner][name]=x')).toEqual({
      tags: ['a', 'b'],
      meta: { owner: { name: 'x' } },
    });
  });
});
