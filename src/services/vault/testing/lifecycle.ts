import { describe } from 'vitest';
import { addSuite } from './lifecycle-add.js';
import { checkSuite } from './lifecycle-check.js';
import { useLifecycle } from './lifecycle-context.js';
import { manageSuite } from './lifecycle-manage.js';
import { useSuite } from './lifecycle-use.js';
import type { MakeVaultTarget } from './vault-target.js';

/**
 * The token lifecycle against a real store and the sandbox forges. Each store's spec calls this
 * once; the canary scan runs last, over everything the suite wrote.
 */
export function describeVaultLifecycle(name: string, makeTarget: MakeVaultTarget): void {
  describe(`vault lifecycle: ${name}`, () => {
    const get = useLifecycle(makeTarget);
    addSuite(get);
    checkSuite(get);
    manageSuite(get);
    useSuite(get);
  });
}
