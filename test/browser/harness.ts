import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { adminUrl, BROWSER_TEMPLATE_ENV, urlForDatabase } from '../helpers/db-urls';
import { waitForTemplate } from '../helpers/template-making';

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type DevRole = 'FINANCE_OFFICER' | 'FINANCE_OFFICER_2' | 'MUNICIPAL_CONTROLLER' | 'AUDITOR';

export interface ConsoleServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  tokens: Record<string, string>;
  server: ServerProcess;
  /** Runs a GraphQL operation as the given dev role (test set-up and cross-checks only). */
  gql<T = Record<string, unknown>>(
    role: DevRole,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: unknown[] }>;
  close(): Promise<void>;
}

/**
 * `npm start` as a user runs it (the compiled server with its fixtures and the built console), on
 * a database of the real PostgreSQL of its own, cloned from the one the project's global setup had
 * `npm start` fill (test/helpers/browser-setup.ts; waited for, as it fills beside the first tests); or on the embedded one with `embedded: true`
 * (in memory, from the fixture snapshot, as `npm start -- --ephemeral` starts).
 */
export async function startConsoleServer(options: { embedded?: boolean } = {}): Promise<ConsoleServer> {
  const index = path.resolve(__dirname, '../../dist/console/index.html');
  if (!fs.existsSync(index)) {
    throw new Error('dist/console is missing: run `npm run build` first (npm test does)');
  }
  let server: ServerProcess;
  if (options.embedded === true) {
    server = await startServerProcess({}, ['--ephemeral']);
  } else {
    const template = process.env[BROWSER_TEMPLATE_ENV];
    if (!template) {
      throw new Error('the browser global setup did not run (no template database)');
    }
    // Filled beside the first tests of the run (decision 1860): wait until it is complete.
    await waitForTemplate(template);
    // Named after the template: the browser teardown drops it with the run's other databases.
    const databaseName = `${template}_${crypto.randomBytes(3).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`);
    await admin.end();
    server = await startServerProcess({ DATABASE_URL: urlForDatabase(databaseName), LOG_LEVEL: 'warn' });
  }
  const origin = server.url.replace(/\/graphql$/, '');
  return {
    origin,
    tokens: server.tokens,
    server,
    async gql(role, query, variables = {}) {
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens[role] ?? ''}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: never; errors?: unknown[] };
    },
    async close() {
      // The clone is dropped by the browser teardown with the run's other databases, several at a
      // time (each DROP DATABASE waits for a checkpoint; decision 1920).
      await server.stop();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine's network is closed: no background traffic, no component updates.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

const CONTEXT_OPTIONS = { locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' } as const;

/** The browser's one shared context (see `openPage`). */
const sharedContexts = new WeakMap<Browser, Promise<BrowserContext>>();

/**
 * A new page (a new tab) of the given width that fails the test on any uncaught page error or
 * console error.
 *
 * The tabs of one test file share a browser context, as a person's tabs share their browser: the
 * console keeps the session in the tab's own sessionStorage, so each tab still starts signed out,
 * while the console's script is compiled once per file instead of once per test (a new context
 * cost 0.4 s and compiling the bundle in it 0.6 s more, CPU the whole suite waits on). The one thing
 * tabs share is localStorage, where the console remembers the language: a test that changes it asks
 * for `{ isolated: true }`, a context of its own. Tabs stay open until the browser closes after the
 * file: with the last tab of the site closed, the next one starts a new renderer process (closing
 * each test's tabs took the controller file's tests from 19 s to 30 s).
 */
export async function openPage(
  browser: Browser,
  width = 1280,
  height = 900,
  options: { isolated?: boolean } = {},
): Promise<{ page: Page; problems: string[] }> {
  let context: BrowserContext;
  if (options.isolated === true) {
    context = await browser.newContext(CONTEXT_OPTIONS);
  } else {
    let shared = sharedContexts.get(browser);
    if (shared === undefined) {
      shared = browser.newContext(CONTEXT_OPTIONS);
      sharedContexts.set(browser, shared);
    }
    context = await shared;
  }
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused GraphQL request is an expected 200 with errors; only real console errors count.
    if (message.type() === 'error' && !/status of 40[134]/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  // Waits follow the page (an element appears); the limit only ends a wait that never will.
  page.setDefaultTimeout(120_000);
  const pending = new Set<Request>();
  page.on('request', (request) => pending.add(request));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => pending.delete(request));
  inFlight.set(page, pending);
  return { page, problems };
}

const inFlight = new WeakMap<Page, Set<Request>>();

/**
 * Until the page has nothing more to show: every request it made has finished, and two animation
 * frames later (what the answers render) it has made no new one. For checks that something is
 * *not* shown, which no element's appearance can tell.
 */
export async function settled(page: Page): Promise<void> {
  const pending = inFlight.get(page);
  if (pending === undefined) {
    throw new Error('settled: the page was not opened by openPage');
  }
  for (;;) {
    await Promise.all(
      [...pending].map(async (request) => {
        await (await request.response().catch(() => null))?.finished().catch(() => null);
        pending.delete(request);
      }),
    );
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    if (pending.size === 0) {
      return;
    }
  }
}

/** Signs in with the development-token button of a role, as a person would. */
export async function signInAs(page: Page, origin: string, role: DevRole): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByTestId(`dev-${role}`).click();
  await page.getByTestId('viewer').waitFor();
}

/**
 * Saves a screenshot under docs/screenshots/ when SCREENSHOTS=1 (`npm run screenshots`), so the
 * committed pictures come from the same paths the tests walk.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') {
    return;
  }
  const dir = path.resolve(__dirname, '../../docs/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}
