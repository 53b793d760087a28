import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// tests/package.json does not depend on the example, so its build script is imported by path.
import { buildLivePoll } from '../../examples/browser-live-poll/scripts/build.js';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const WAIT = { timeout: 20_000 };

/** The presenter chart's count for an option, as rendered. */
const barCount = (page: Page, option: string) =>
  page.locator(`#chart .bar[data-option="${option}"]`).getAttribute('data-count', WAIT);

describe.skipIf(!chromiumAvailable('live-poll browser test'))('the React live poll in headless Chromium', () => {
  let server: ReferenceServer;
  let browser: Browser;
  let staticDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    staticDir = await buildLivePoll({ outdir: await mkdtemp(join(tmpdir(), 'pollwire-live-poll-')) });
    // A short heartbeat so an offline page notices its dead socket within seconds.
    server = await startReferenceServer({ port: 0, staticDir, heartbeatIntervalMs: 1_000 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (staticDir) await rm(staticDir, { recursive: true, force: true });
  });

  const open = async (path: string) => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.httpUrl}/${path}`);
    return { context, page };
  };

  const createPoll = async (presenter: Page, question: string, options: string[]) => {
    await presenter.fill('#question', question);
    await presenter.selectOption('#poll-type', 'multiple_choice');
    await presenter.fill('#options', options.join('\n'));
    await presenter.click('#create-poll');
    const row = presenter.locator('#polls li', { hasText: question });
    await row.locator('button[data-action="activate"]').click(WAIT);
    await expect.poll(() => row.getAttribute('data-status'), WAIT).toBe('active');
  };

  it('votes by clicking, charts live on the presenter page, and an offline participant catches up', async () => {
    const { page: presenter } = await open('presenter.html');
    await presenter.click('#create-session');
    // The anchor exists (hidden) before the session does: wait for the session's link, not the placeholder.
    const linkOf = () => presenter.locator('#participant-link').getAttribute('href', WAIT);
    await expect.poll(linkOf, WAIT).toContain('participant.html?slug=');
    const link = await linkOf();
    await expect.poll(() => presenter.textContent('#status'), WAIT).toBe('open');

    const joinAs = async (name: string) => {
      const participant = await open(new URL(link!).pathname.slice(1) + new URL(link!).search);
      await participant.page.fill('#name', name);
      await participant.page.click('#join-button');
      await expect.poll(() => participant.page.textContent('#status'), WAIT).toBe('open');
      return participant;
    };
    const alice = await joinAs('Alice');
    const bob = await joinAs('Bob');
    await expect.poll(() => presenter.textContent('#participant-count'), WAIT).toBe('2');
    await expect.poll(() => presenter.locator('#attendance li').allTextContents(), WAIT).toEqual(['Alice', 'Bob']);

    await createPoll(presenter, 'Tabs or spaces?', ['Tabs', 'Spaces', 'Both']);
    await alice.page.click('#ballot button[data-option="Spaces"]', WAIT);
    await expect.poll(() => barCount(presenter, 'Spaces'), WAIT).toBe('1');
    await bob.page.click('#ballot button[data-option="Tabs"]', WAIT);
    await expect.poll(() => barCount(presenter, 'Tabs'), WAIT).toBe('1');
    await expect.poll(() => alice.page.locator('#results .chart').getAttribute('data-votes'), WAIT).toBe('2');

    // Bob goes offline; the poll closes, a new one opens and Alice votes while he is away.
    await bob.context.setOffline(true);
    await expect.poll(() => presenter.textContent('#participant-count'), WAIT).toBe('1');
    await expect.poll(() => presenter.locator('#attendance li').allTextContents(), WAIT).toEqual(['Alice']);
    await presenter.locator('#polls li', { hasText: 'Tabs or spaces?' }).locator('button[data-action="close"]').click();
    await createPoll(presenter, 'Ship on Friday?', ['Yes', 'No']);
    await alice.page.click('#ballot button[data-option="No"]', WAIT);
    await expect.poll(() => barCount(presenter, 'No'), WAIT).toBe('1');
    expect(await bob.page.textContent('#question')).toBe('Tabs or spaces?');

    // Back online: Bob resumes, sees the new poll with Alice's vote, and votes on it.
    await bob.context.setOffline(false);
    await expect.poll(() => bob.page.textContent('#question'), { timeout: 40_000 }).toBe('Ship on Friday?');
    await expect
      .poll(() => bob.page.locator('#results .bar[data-option="No"]').getAttribute('data-count'), WAIT)
      .toBe('1');
    await expect.poll(() => presenter.textContent('#participant-count'), WAIT).toBe('2');
    await bob.page.click('#ballot button[data-option="Yes"]', WAIT);
    await expect.poll(() => barCount(presenter, 'Yes'), WAIT).toBe('1');
    await expect.poll(() => bob.page.textContent('#vote-status'), WAIT).toBe('vote counted');

    await mkdir(ARTIFACTS, { recursive: true });
    await presenter.screenshot({ path: join(ARTIFACTS, 'live-poll-presenter.png'), fullPage: true });
    await bob.page.screenshot({ path: join(ARTIFACTS, 'live-poll-participant.png'), fullPage: true });
    for (const context of contexts) await context.close();
  }, 120_000);
});
