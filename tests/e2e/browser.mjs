// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
// (no downloaded browser), a fresh profile per launch, deleted on close.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with a new temporary profile. `options` go to launchPersistentContext
 * (locale, timezoneId, viewport...). Returns { context, newPage(), close() }; newPage() gives
 * { page, problems } where problems collects console errors and uncaught page errors.
 */
export async function launch(options = {}) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'quire-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
      ...options,
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const problems = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      return { page, problems };
    },
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
