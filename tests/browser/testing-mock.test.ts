import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// esbuild is a dependency of the example, not of tests/: its build script bundles for us.
import { bundleBrowserModule } from '../../examples/browser-live-poll/scripts/build.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

const require = createRequire(import.meta.url);

describe.skipIf(!chromiumAvailable('@pollwire/testing browser test'))('@pollwire/testing in headless Chromium', () => {
  let dir: string;
  let host: ReferenceServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pollwire-testing-'));
    await bundleBrowserModule({
      entry: resolve('packages/testing/test/browser/page.ts'),
      outfile: join(dir, 'page.js'),
      conditions: ['source'],
    });
    await copyFile(require.resolve('msw/mockServiceWorker.js'), join(dir, 'mockServiceWorker.js'));
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><title>mock</title><script type="module" src="page.js"></script>',
    );
    // The reference server only serves the files here; the page's WebSocket never leaves it.
    host = await startReferenceServer({ port: 0, staticDir: dir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the real client from the page through setupWorker: a vote, a gap healed, a resume by state', async () => {
    const page = await browser.newPage();
    await page.goto(`${host.httpUrl}/index.html`);
    await page.waitForFunction(() => 'scenario' in globalThis);
    const result = await page.evaluate(() => (globalThis as unknown as { scenario(): Promise<unknown> }).scenario());
    expect(result).toEqual({ counted: 1, resyncs: ['replay_limit'], equal: true, violations: 0 });
    await page.close();
  }, 60_000);
});
