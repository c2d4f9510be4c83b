// Saves a picture of the app for the README: the example program after a few steps.
// Usage: node screenshot.mjs [--steps N] [--out PATH] [--width W --height H] [--viewport-only] [--click TESTID:INDEX] [--source 'code\n']
// (--click token:2 clicks the third token, to show the cross-highlighting.)

import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { launchBrowser, openApp, serveDist, stepOnce } from './harness.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '2' },
    out: { type: 'string', default: join(here, '..', '..', 'docs', 'screenshot.png') },
    width: { type: 'string', default: '1440' },
    height: { type: 'string', default: '900' },
    source: { type: 'string' },
    click: { type: 'string' },
    'viewport-only': { type: 'boolean', default: false },
  },
});

const site = await serveDist();
const browser = await launchBrowser({
  viewport: { width: Number(values.width), height: Number(values.height) },
});
try {
  const { page, errors } = await openApp(browser.context, site.url);
  if (values.source !== undefined) {
    await page.getByTestId('source-editor').fill(values.source.replaceAll('\\n', '\n'));
    await page.waitForTimeout(800);
  }
  let taken = 0;
  while (taken < Number(values.steps) && (await stepOnce(page))) taken += 1;
  if (values.click !== undefined) {
    const [testid, index = '0'] = values.click.split(':');
    await page.getByTestId(testid).nth(Number(index)).click();
  }
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1_000); // let the "new in this step" flash settle
  const out = resolve(values.out);
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: !values['viewport-only'] });
  console.log(`saved ${out} after ${taken} step(s)${errors.length ? `; page errors: ${errors.join(' | ')}` : ''}`);
} finally {
  await browser.close();
  await site.close();
}
