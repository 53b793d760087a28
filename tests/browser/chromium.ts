import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's `chromium`, or `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a loud message, except in CI
 * (`CI` set), where a missing browser fails the run instead of passing silently.
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH} (install Debian's \`chromium\` or set CHROMIUM_PATH)`;
  if (process.env.CI) throw new Error(`${suite}: ${message}; browser tests are required in CI`);
  console.warn(`\n!!! ${suite} SKIPPED: ${message} !!!\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
