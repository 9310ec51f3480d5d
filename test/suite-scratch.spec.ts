import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

describe('the suite-wide leak canary', () => {
  it('puts every temp file of the suite under the scanned scratch root', () => {
    const scratch = process.env.FORGEKEEPER_SUITE_SCRATCH;
    expect(scratch).toBeTruthy();
    expect(tmpdir()).toBe(scratch);
    expect(process.env.FORGEKEEPER_CANARY_FILE).toBeTruthy();
  });
});
