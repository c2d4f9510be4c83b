// Shared by the browser tests and the screenshot script: serves the built site (dist/) from a
// sub-path on a free loopback port, as a static host would, and starts Debian's Chromium through
// playwright-core with a fresh profile.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startStaticServer } from '../../scripts/lib/static_server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The site the tests load: `PYXRAY_DIST`, or the repository's dist/. */
export const distDir = resolve(process.env.PYXRAY_DIST ?? join(here, '..', '..', 'dist'));

/** The sub-path the site is served under, to prove relative URLs work. */
export const basePath = '/pyxray/';

export const chromiumPath = process.env.PYXRAY_CHROMIUM ?? '/usr/bin/chromium';

/** Serves `distDir` under `basePath` on a free loopback port; resolves to `{ url, close }`. */
export function serveDist() {
  return startStaticServer({ dir: distDir, base: basePath });
}

/** Starts headless Chromium with a throw-away profile; `close()` also deletes the profile. */
export async function launchBrowser({ viewport = { width: 1440, height: 900 } } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'pyxray-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the app and waits until the Yew app has rendered its panels. */
export async function openApp(context, url) {
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await page.getByTestId('step-button').waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Clicks Step once and waits until the step counter changes; false if Step is disabled or nothing moved. */
export async function stepOnce(page, { button = 'step-button' } = {}) {
  const control = page.getByTestId(button);
  if (await control.isDisabled()) return false;
  const counter = page.getByTestId('step-counter');
  const before = await counter.textContent();
  await control.click();
  try {
    await page.waitForFunction(
      (previous) => document.querySelector('[data-testid="step-counter"]')?.textContent !== previous,
      before,
      { timeout: 2_000 },
    );
    return true;
  } catch {
    return false;
  }
}

/** Steps (at most `limit` times) until `condition()` holds; returns whether it did. */
export async function stepUntil(page, condition, limit = 50) {
  for (let steps = 0; steps <= limit; steps += 1) {
    if (await condition()) return true;
    if (!(await stepOnce(page))) return condition();
  }
  return false;
}
