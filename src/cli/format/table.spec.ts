import { describe, expect, it } from 'vitest';
import { formatTable } from './table.js';

describe('formatTable', () => {
  it('pads columns to the widest cell, counting each glyph as one column, and trims line ends', () => {
    const table = formatTable(
      ['ID', 'MASK', 'DEFAULT'],
      [
        ['a', 'ghp_…2nxL', '*'],
        ['bbbb', 'glpat-…xd6c', ''],
      ],
    );
    expect(table).toBe(
      ['ID    MASK         DEFAULT', 'a     ghp_…2nxL    *', 'bbbb  glpat-…xd6c', ''].join('\n'),
    );
  });
});
