import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { findLeaks } from '../support/leaks.js';
import { addFault, clearFaults, issueToken } from '../support/sandbox-control.js';
import { ConsoleWatch, launch, newPage, type Served, serve, stop } from './support/harness.js';

// The web UI in headless Chromium against the built CLI's `forgekeeper serve` and the sandbox forges
// (issue 4 §6). The steps share one server, one browser and one signed-in page, in order. Each step
// checks the page for token text and the console for errors (CSP violations among them), and the
// main screens are written to docs/screenshots/ for the README.

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const USER = 'admin';
const PASSWORD = 'correct horse battery staple';

let sandbox: RunningSandbox;
let served: Served | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const watch = new ConsoleWatch();
const tokens: string[] = [];

async function shot(name: string, target: Page = page): Promise<void> {
  await target.screenshot({ path: `${SHOTS}${name}.png`, animations: 'disabled' });
}

/** No console error, no token text in the page. */
async function clean(target: Page = page): Promise<void> {
  expect(watch.errors).toEqual([]);
  expect(findLeaks(await target.content(), tokens)).toEqual([]);
}

const addForm = () => page.getByRole('form', { name: 'Add token' });
const addRegion = () => page.getByRole('region', { name: 'Add token' });
const row = (forge: 'GitHub' | 'GitLab' | 'Bitbucket', name: string): Locator =>
  page
    .getByRole('list', { name: `${forge} tokens` })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name }) });

async function addToken(token: string, label: string, apiUrl: string): Promise<void> {
  const form = addForm();
  await form.getByLabel('Token', { exact: true }).fill(token);
  await form.getByLabel('Label', { exact: true }).fill(label);
  await form.getByLabel('Self-hosted API URL (optional)').fill(apiUrl);
  await form.getByRole('button', { name: 'Save Token' }).click();
}

beforeAll(async () => {
  sandbox = await startSandbox();
  [served, browser] = await Promise.all([serve(), launch()]);
  ({ context, page } = await newPage(browser, watch));
});

afterAll(async () => {
  await browser?.close();
  await stop(served);
  await sandbox?.close();
});

describe('the web UI in a real browser', () => {
  it('first run: the setup code from the server log creates the administrator and signs in', async () => {
    if (served === undefined) throw new Error('no server');
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Welcome to Forgekeeper' }).waitFor();
    const setup = page.getByRole('form', { name: 'First-run setup' });
    await setup.getByLabel('Username').fill(USER);
    await shot('setup');
    await setup.getByLabel('Setup code').fill(served.setupCode);
    await setup.getByLabel('Password').fill(PASSWORD);
    await setup.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('heading', { name: 'Personal Access Tokens', level: 1 }).waitFor();
    expect(await page.getByText(`Signed in as ${USER}`).isVisible()).toBe(true);
    await clean();
  });

  it('signs out and back in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Username').fill(USER);
    await signIn.getByLabel('Password').fill('not the password');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.getByRole('alert').filter({ hasText: 'invalid_credentials' }).waitFor();
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Personal Access Tokens', level: 1 }).waitFor();
    await clean();
  });

  it('adds a GitHub classic token lacking workflow: the missing scope and the pre-filled link show', async () => {
    const issued = await issueToken(sandbox.urls.control, {
      forge: 'github',
      kind: 'classic',
      login: 'octo',
      scopes: ['repo'],
    });
    tokens.push(issued.token);
    await addForm().getByRole('checkbox', { name: 'workflows' }).check();
    await addToken(issued.token, 'octo ci', sandbox.urls.github.api);

    const region = addRegion();
    await region.getByRole('status').filter({ hasText: 'Saved GitHub token' }).waitFor();
    const scopes = region.getByRole('list', { name: 'Scopes' });
    expect(await scopes.getByRole('listitem').allTextContents()).toEqual(['repo', 'workflow (missing)']);
    const capabilities = region.getByRole('list', { name: 'Capabilities' });
    expect(await capabilities.getByText('workflows: no').count()).toBe(1);
    // The check's verdict: insufficient_scope, naming the scope to add, with the pre-filled page.
    const warning = region.getByRole('alert');
    expect(await warning.textContent()).toContain('insufficient_scope');
    expect(await warning.textContent()).toContain('Add the scopes workflow to this token');
    const link = warning.getByRole('link', { name: 'Open the token page' });
    const href = new URL((await link.getAttribute('href')) ?? '');
    expect(`${href.origin}${href.pathname}`).toBe(`${sandbox.urls.github.web}/settings/tokens/new`);
    expect(href.searchParams.get('scopes')?.split(',').sort()).toEqual(['repo', 'workflow']);
    // The token field is emptied once submitted.
    expect(await addForm().getByLabel('Token', { exact: true }).inputValue()).toBe('');

    await row('GitHub', 'octo ci').waitFor();
    await region.scrollIntoViewIfNeeded();
    await region.screenshot({ path: `${SHOTS}add-token-missing-scope.png`, animations: 'disabled' });
    await clean();
  });

  it('adds a GitLab token', async () => {
    const issued = await issueToken(sandbox.urls.control, {
      forge: 'gitlab',
      kind: 'personal',
      login: 'tanuki',
      scopes: ['api'],
    });
    tokens.push(issued.token);
    await addForm().getByRole('checkbox', { name: 'workflows' }).uncheck();
    await addToken(issued.token, 'tanuki', sandbox.urls.gitlab.api);
    await addRegion().getByRole('status').filter({ hasText: 'Saved GitLab token' }).waitFor();
    const gitlab = row('GitLab', 'tanuki');
    await gitlab.waitFor();
    expect(await gitlab.getByText('active', { exact: true }).isVisible()).toBe(true);
    await clean();
  });

  it('refuses a Bitbucket app password (ATBB…) with the clear "removed" message', async () => {
    const issued = await issueToken(sandbox.urls.control, {
      forge: 'bitbucket',
      kind: 'app_password',
      login: 'bucky',
    });
    expect(issued.token.startsWith('ATBB')).toBe(true);
    tokens.push(issued.token);
    await addToken(issued.token, 'old app password', '');
    // The forge was recognised from the prefix.
    expect(await addForm().getByLabel('Forge').inputValue()).toBe('bitbucket');
    const alert = addRegion().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('app_password_removed');
    expect(await alert.textContent()).toContain('Bitbucket app passwords stopped working');
    expect(await alert.textContent()).toContain('Create an Atlassian API token');
    expect(await page.getByText('No Bitbucket tokens saved.').isVisible()).toBe(true);
    await clean();
  });

  it('shows the token list with check results: Check asks for the capabilities chosen on save', async () => {
    await row('GitHub', 'octo ci').getByRole('button', { name: 'Check' }).click();
    const result = row('GitHub', 'octo ci').getByRole('region', { name: 'Check result' });
    await result.waitFor();
    // Saved needing workflows: its Check asks for them too, so the missing scope shows as on Save,
    // with the error and the link to the pre-filled token page both.
    expect(
      await result.getByRole('list', { name: 'Scopes' }).getByRole('listitem').allTextContents(),
    ).toEqual(['repo', 'workflow (missing)']);
    expect(await result.getByRole('alert').textContent()).toContain('insufficient_scope');
    await result.getByRole('link', { name: 'Open the token page to add the missing scopes' }).waitFor();
    await page.getByRole('heading', { name: 'Personal Access Tokens', level: 1 }).scrollIntoViewIfNeeded();
    await shot('tokens');
    await clean();
  });

  it('Refresh All while GitLab answers 503: the GitLab token becomes stale, not invalid', async () => {
    await addFault(sandbox.urls.control, { forge: 'gitlab', type: 'status', status: 503 });
    try {
      const refresh = page.getByRole('region', { name: 'Refresh All' });
      await refresh.getByRole('button', { name: 'Refresh All' }).click();
      await refresh
        .getByRole('status')
        .filter({ hasText: 'Finished: 2 of 2 tokens' })
        .waitFor({ timeout: 30_000 });
      const gitlabProgress = await refresh.getByRole('listitem').filter({ hasText: 'GitLab' }).textContent();
      expect(gitlabProgress).toContain('1/1, 1 stale');
      // The forge is named once, then the host: "GitLab (127.0.0.1:…): 1/1, 1 stale".
      expect(gitlabProgress).toMatch(/^GitLab \(127\.0\.0\.1:\d+\): 1\/1/);
      const gitlab = row('GitLab', 'tanuki');
      await gitlab.getByText('stale', { exact: true }).waitFor();
      expect(await gitlab.getByText('invalid', { exact: true }).count()).toBe(0);
      expect(await row('GitHub', 'octo ci').getByText('stale', { exact: true }).count()).toBe(0);
      // From the progress down to the stale GitLab token, in one picture.
      const top = (await refresh.boundingBox())?.y ?? 0;
      const box = await gitlab.locator('.token-head').boundingBox();
      if (box === null) throw new Error('the GitLab token is not laid out');
      const scrollY = await page.evaluate<number>('window.scrollY');
      await page.screenshot({
        path: `${SHOTS}refresh-stale.png`,
        fullPage: true,
        clip: { x: 0, y: top + scrollY - 24, width: 1100, height: box.y + box.height - top + 48 },
        animations: 'disabled',
      });
    } finally {
      await clearFaults(sandbox.urls.control);
    }
    await clean();
  });

  it('at 360 px wide in dark mode', async () => {
    if (browser === undefined) throw new Error('no browser');
    const narrow = await newPage(browser, watch, {
      viewport: { width: 360, height: 800 },
      colorScheme: 'dark',
      storageState: await context.storageState(),
    });
    try {
      await narrow.page.goto(page.url());
      await narrow.page.getByRole('list', { name: 'GitLab tokens' }).waitFor();
      const overflow = await narrow.page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await shot('tokens-mobile-dark', narrow.page);
      await clean(narrow.page);
    } finally {
      await narrow.context.close();
    }
  });

  it('deletes a token after the confirmation dialog', async () => {
    const github = row('GitHub', 'octo ci');
    await github.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete octo ci?' });
    await dialog.waitFor();
    // Cancel keeps it.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await github.count()).toBe(1);

    await github.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('checkbox', { name: /Also revoke it at the forge/ }).isChecked();
    await dialog.getByRole('button', { name: 'Delete token' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted octo ci' }).waitFor();
    await page.getByText('No GitHub tokens saved.').waitFor();
    expect(await github.count()).toBe(0);
    await clean();
  });

  it('the audit log lists what was done', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    await table.getByRole('cell', { name: 'setup admin', exact: true }).waitFor();
    const actions = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(['add', 'check', 'remove', 'login', 'logout']));
    // The refused app password is on record as a failed add.
    await table.getByRole('row').filter({ hasText: 'app_password_removed' }).waitFor();
    // Tokens by label and mask, actors by name — not ids.
    await table.locator('tbody tr td:nth-child(5)').filter({ hasText: 'tanuki' }).first().waitFor();
    expect(
      await table.locator('tbody tr td:nth-child(5)').filter({ hasText: 'deleted token' }).count(),
    ).toBeGreaterThan(0);
    expect(await table.locator('tbody tr td:nth-child(6)').first().textContent()).toBe(`you (${USER})`);
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    for (const text of await table.locator('tbody tr td:nth-child(n+5)').allTextContents()) {
      expect(text).not.toMatch(uuid);
    }
    await shot('audit');
    await clean();
  });

  it('creates an API key, shown once', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name').fill('ci reader');
    await form.getByRole('button', { name: 'Create key' }).click();
    const once = page.getByRole('status').filter({ hasText: 'it is shown only this once' });
    await once.waitFor();
    const key = (await once.locator('code').textContent()) ?? '';
    expect(key).toMatch(/^fk_/);
    await once.getByRole('button', { name: 'Done' }).click();
    await once.waitFor({ state: 'hidden' });
    expect(await page.content()).not.toContain(key);
    await page.getByRole('cell', { name: 'ci reader', exact: true }).waitFor();
    await shot('api-keys');
    await clean();
    expect(watch.errors).toEqual([]);
  });

  it('renames a token', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Personal Access Tokens' })
      .click();
    const gitlab = row('GitLab', 'tanuki');
    await gitlab.getByRole('button', { name: 'Rename' }).click();
    const form = gitlab.getByRole('form', { name: 'Rename tanuki' });
    await form.getByLabel('New label').fill('tanuki main');
    await form.getByRole('button', { name: 'Save label' }).click();
    await row('GitLab', 'tanuki main').waitFor();
    await form.waitFor({ state: 'hidden' });
    await clean();
  });

  it('lists, creates and opens repositories of a saved token, with its branches', async () => {
    const gitlab = row('GitLab', 'tanuki main');
    await gitlab.getByRole('link', { name: 'Repositories of tanuki main' }).click();
    await page.getByRole('heading', { name: 'Repositories of tanuki main', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/tokens\/[^/]+\/repos$/);
    const list = page.getByRole('region', { name: 'Repositories the token reaches' });
    const repos = page.getByRole('list', { name: 'Repositories' });
    await list.getByText('No repositories.').waitFor();

    const form = page.getByRole('form', { name: 'Create a repository' });
    await form.getByLabel('Name', { exact: true }).fill('forgekeeper-demo');
    await form.getByLabel('Description (optional)').fill('Made from the Repositories view');
    await form.getByRole('button', { name: 'Create repository' }).click();
    const created = page.getByRole('region', { name: 'Create a repository' }).getByRole('status');
    await created.filter({ hasText: 'Created: tanuki/forgekeeper-demo (private)' }).waitFor();
    await repos.getByRole('link', { name: 'tanuki/forgekeeper-demo' }).waitFor();
    // The new repository's branches open at once: initialised, so `main` exists and is the default.
    const branches = page.getByRole('list', { name: 'Branches of tanuki/forgekeeper-demo' });
    await branches.getByRole('listitem').filter({ hasText: 'main' }).getByText('default').waitFor();

    // The same name again without "use it instead": the catalogue error with its remediation.
    await form.getByLabel('Name', { exact: true }).fill('forgekeeper-demo');
    await form.getByRole('button', { name: 'Create repository' }).click();
    const refused = page.getByRole('region', { name: 'Create a repository' }).getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('repo_exists');
    // …and with it: the existing one, reused.
    await form.getByLabel('Name', { exact: true }).fill('forgekeeper-demo');
    await form.getByRole('checkbox', { name: 'If it already exists, use it instead of failing' }).check();
    await form.getByRole('button', { name: 'Create repository' }).click();
    await created.filter({ hasText: 'Already there, reused: tanuki/forgekeeper-demo' }).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('repositories');

    // 31 more at the forge: more than a page (30), so the list offers "Load more".
    for (let i = 0; i < 31; i++) {
      const seeded = await fetch(`${sandbox.urls.control}/repos`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          forge: 'gitlab',
          creator: 'tanuki',
          name: `seeded-${String(i).padStart(2, '0')}`,
        }),
      });
      expect(seeded.status).toBe(201);
    }
    await page.reload();
    await repos.getByRole('listitem').nth(29).waitFor();
    expect(await repos.getByRole('listitem').count()).toBe(30);
    await list.getByRole('button', { name: 'Load more' }).click();
    await repos.getByRole('listitem').nth(31).waitFor();
    await list.getByText('Loading repositories…').waitFor({ state: 'hidden' });
    expect(await repos.getByRole('listitem').count()).toBe(32);
    expect(await list.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await clean();
  });

  it('the Repositories view at 360 px wide in dark mode, by keyboard', async () => {
    if (browser === undefined) throw new Error('no browser');
    const narrow = await newPage(browser, watch, {
      viewport: { width: 360, height: 800 },
      colorScheme: 'dark',
      storageState: await context.storageState(),
    });
    try {
      await narrow.page.goto(page.url());
      const branchesButton = narrow.page
        .getByRole('list', { name: 'Repositories' })
        .getByRole('button', { name: /^Branches of / })
        .first();
      await branchesButton.waitFor();
      const overflow = await narrow.page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const fullName = ((await branchesButton.textContent()) ?? '').replace(/^Branches of /, '');
      await branchesButton.focus();
      await narrow.page.keyboard.press('Enter');
      await narrow.page
        .getByRole('list', { name: `Branches of ${fullName}` })
        .getByText('default')
        .waitFor();
      await clean(narrow.page);
    } finally {
      await narrow.context.close();
    }
  });

  it('an administrator invites a user, who sets a password with the code and is signed in', async () => {
    if (browser === undefined || served === undefined) throw new Error('no browser');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const invite = page.getByRole('form', { name: 'Invite a user' });
    await invite.getByLabel('Username').fill('newcomer');
    await invite.getByRole('button', { name: 'Invite' }).click();
    const once = page.getByRole('status').filter({ hasText: 'shown only this once' });
    await once.waitFor();
    const code = (await once.locator('code').textContent()) ?? '';
    expect(code.length).toBeGreaterThan(8);
    await page.getByRole('cell', { name: 'invited', exact: true }).waitFor();

    const invitee = await newPage(browser, watch);
    try {
      await invitee.page.goto(served.url);
      await invitee.page.getByRole('button', { name: 'I have an invitation code' }).click();
      const accept = invitee.page.getByRole('form', { name: 'Accept invitation' });
      await accept.getByLabel('Invitation code').fill(code);
      await accept.getByLabel('Password').fill('newcomer password long');
      await accept.getByRole('button', { name: 'Set password and sign in' }).click();
      await invitee.page.getByText('Signed in as newcomer').waitFor();
      // Not an administrator: no Users page in the navigation.
      expect(
        await invitee.page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Users' })
          .count(),
      ).toBe(0);
      await clean(invitee.page);
    } finally {
      await invitee.context.close();
    }
    await once.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    const newcomer = page.getByRole('row').filter({ hasText: 'newcomer' });
    await newcomer.getByRole('cell', { name: 'active', exact: true }).waitFor();
    await newcomer.getByRole('button', { name: 'Disable newcomer' }).click();
    await newcomer.getByRole('cell', { name: 'disabled', exact: true }).waitFor();
    await newcomer.getByRole('button', { name: 'Enable newcomer' }).click();
    await newcomer.getByRole('cell', { name: 'active', exact: true }).waitFor();
    await shot('users');
    await clean();
  });

  it('changes the password on the Account page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('wrong password here');
    await form.getByLabel('New password', { exact: true }).fill('a brand new password');
    await form.getByLabel('Repeat the new password').fill('a brand new password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').filter({ hasText: 'invalid_credentials' }).waitFor();
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill('a brand new password');
    await form.getByLabel('Repeat the new password').fill('a brand new password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    // Still signed in here; the new password signs in anew.
    await page.getByRole('button', { name: 'Sign out' }).click();
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Username').fill(USER);
    await signIn.getByLabel('Password').fill('a brand new password');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    expect(await page.getByRole('banner').getByText(`Signed in as ${USER}`).isVisible()).toBe(true);
    await clean();
    expect(watch.errors).toEqual([]);
  });
});
