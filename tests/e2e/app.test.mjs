// The web app in a real browser, served from a sub-path as a static host would: step through
// `c = 5 + 6` / `print(c)`, see 11 on the value stack and then in the output, step back, and see
// CPython's message for a syntax error typed into the editor.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, openApp, serveDist, stepOnce, stepUntil } from './harness.mjs';

let site;
let browser;

before(async () => {
  site = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const stackTexts = (page) => page.getByTestId('stack-item').allTextContents();
const outputText = async (page) => (await page.getByTestId('output').textContent()) ?? '';
const stackHolds = async (page, repr) =>
  (await page.getByTestId('stack-item').locator('.frames-value-repr').allTextContents()).includes(repr);

test('the page loads from a sub-path with the example program and every stage', async () => {
  const { page, errors } = await openApp(browser.context, site.url);
  assert.equal(await page.getByTestId('source-editor').inputValue(), 'c = 5 + 6\nprint(c)\n');
  for (const title of [
    '1Tokens (lexer)',
    '2AST (parser)',
    '3Bytecode (compiler)',
    '4Frames & value stack (VM)',
    '5Heap (objects & refcounts)',
    'Output',
  ]) {
    assert.ok(
      (await page.locator('.panel-title').allTextContents()).includes(title),
      `a panel titled ${title}`,
    );
  }
  assert.match((await page.getByTestId('step-counter').textContent()) ?? '', /step 0/);
  assert.deepEqual(errors, []);
});

test('stepping pushes 11 onto the value stack, then print writes it; Back undoes the print', async () => {
  const { page, errors } = await openApp(browser.context, site.url);

  const eleven = await stepUntil(page, () => stackHolds(page, '11'));
  assert.ok(
    eleven,
    `11 on the value stack (LOAD_SMALL_INT 11); at ${await page.getByTestId('step-counter').textContent()} the stack holds ${JSON.stringify(await stackTexts(page))}`,
  );
  assert.equal(await outputText(page), '', 'nothing printed before print runs');

  const printed = await stepUntil(page, async () => (await outputText(page)) === '11\n');
  assert.ok(printed, `"11\\n" in the output; it holds ${JSON.stringify(await outputText(page))}`);
  const stackAfterPrint = await stackTexts(page);

  assert.ok(await stepOnce(page, { button: 'back-button' }), 'Back moves one step back');
  assert.equal(await outputText(page), '', 'stepping back over the call to print removes its output');
  assert.notDeepEqual(await stackTexts(page), stackAfterPrint, 'the value stack is as it was before the call');
  assert.deepEqual(errors, []);
});

test('Run executes the whole program; Reset goes back to the start', async () => {
  const { page, errors } = await openApp(browser.context, site.url);
  await page.getByTestId('run-button').click();
  await page.getByTestId('step-counter').filter({ hasText: 'finished' }).waitFor({ timeout: 10_000 });
  assert.equal(await outputText(page), '11\n');
  await page.getByTestId('reset-button').click();
  assert.match((await page.getByTestId('step-counter').textContent()) ?? '', /^step 0$/);
  assert.equal(await outputText(page), '');
  assert.deepEqual(errors, []);
});

test('clicking a token lights up its AST node and the instruction compiled from it', async () => {
  const { page, errors } = await openApp(browser.context, site.url);
  const five = page.getByTestId('token').filter({ hasText: "'5'" });
  await five.click();
  const selectedNode = page.locator('[data-testid="ast-node"].is-selected');
  assert.match((await selectedNode.first().textContent()) ?? '', /Constant/);
  // 5 + 6 was folded: the instruction that stands for the `5` loads 11.
  const selectedInstruction = page.locator('[data-testid="bytecode-running"] tr.is-selected');
  assert.match((await selectedInstruction.first().textContent()) ?? '', /LOAD_SMALL_INT\s*11/);
  assert.deepEqual(errors, []);
});

test('a syntax error shows CPython\'s message under the editor', async () => {
  const { page, errors } = await openApp(browser.context, site.url);
  await page.getByTestId('source-editor').fill('c = 5 +\n');
  const message = page.getByTestId('syntax-error-message');
  await message.waitFor({ timeout: 5_000 });
  assert.match((await message.textContent()) ?? '', /^SyntaxError: invalid syntax$/);
  assert.ok(await page.getByTestId('step-button').isDisabled(), 'a program that does not compile cannot be stepped');

  await page.getByTestId('source-editor').fill('c = 5 + 6\nprint(c)\n');
  await message.waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(errors, []);
});

test('deeply nested programs give a message or a tree, never a crash', async () => {
  const { page, errors } = await openApp(browser.context, site.url);
  const editor = page.getByTestId('source-editor');
  const deepPrograms = [
    `x = ${'('.repeat(199)}1${')'.repeat(199)}\nprint(x)\n`,
    `x = ${'('.repeat(1000)}1${')'.repeat(1000)}\n`,
    `x = ${'not '.repeat(999)}1\nprint(x)\n`,
    `x = ${'-'.repeat(10000)}1\n`,
    `x = ${'1 if y else '.repeat(900)}1\n`,
    `x = ${Array(5000).fill('1').join(' + ')}\nprint(x)\n`,
    `x = ${'['.repeat(150)}${']'.repeat(150)}\nprint(x)\n`,
  ];
  for (const program of deepPrograms) {
    await editor.fill(program);
    // Wait for the recompile, then make sure the app still answers.
    await page.waitForTimeout(600);
    await page.getByTestId('step-counter').waitFor({ timeout: 10_000 });
  }
  // The app still works afterwards.
  await editor.fill('c = 5 + 6\nprint(c)\n');
  await page.waitForTimeout(600);
  assert.ok(await stepUntil(page, async () => ((await page.getByTestId('output').textContent()) ?? '').includes('11'), 30));
  assert.deepEqual(errors, []);
});

test('an endless loop runs in slices: the page answers and Stop stops it', async () => {
  const { page, errors } = await openApp(browser.context, site.url);
  await page.getByTestId('source-editor').fill('n = 0\nwhile True:\n    n += 1\n');
  await page.waitForTimeout(600);
  await page.getByTestId('run-button').click();
  const stop = page.getByTestId('stop-button');
  await stop.waitFor({ timeout: 5_000 });
  await page.waitForTimeout(1_000);
  await stop.click();
  await page.getByTestId('run-button').waitFor({ timeout: 5_000 });
  const counter = (await page.getByTestId('step-counter').textContent()) ?? '';
  const steps = Number(counter.replace(/\D+/g, ''));
  assert.ok(steps > 1000, `the loop ran for a while (${counter})`);
  // The page still answers: one more step moves the counter.
  assert.ok(await stepOnce(page));
  assert.deepEqual(errors, []);
});

test('a 1.4-million-step loop runs to its end, then every step stays reachable', async () => {
  const { page, errors } = await openApp(browser.context, site.url);
  await page.getByTestId('source-editor').fill(
    't = 0\nfor i in range(1000, 201000):\n    t = t + i\nprint(t)\n',
  );
  await page.waitForTimeout(600);
  await page.getByTestId('run-button').click();
  // Runs in slices; the page would trap here if time travel kept a copy of every state.
  await page.getByTestId('run-button').waitFor({ timeout: 240_000 });
  assert.ok((await outputText(page)).includes('20199900000'), await outputText(page));
  const counter = (await page.getByTestId('step-counter').textContent()) ?? '';
  assert.ok(Number(counter.replace(/\D+/g, '').slice(0, 7)) >= 1400000, counter);
  // Going back re-executes from a checkpoint: one step back still answers.
  await page.keyboard.press('ArrowLeft');
  await page.waitForTimeout(500);
  assert.deepEqual(errors, []);
});

test('functions, classes and exceptions run and show their frames', async () => {
  const { page, errors } = await openApp(browser.context, site.url);
  await page.getByTestId('source-editor').fill(
    [
      'class Account:',
      '    def __init__(self, owner):',
      '        self.owner = owner',
      'def fact(n):',
      '    return 1 if n <= 1 else n * fact(n - 1)',
      'try:',
      '    print(fact(5), Account("ada").owner)',
      '    {}["missing"]',
      'except KeyError as e:',
      '    print("caught", e)',
    ].join('\n') + '\n',
  );
  await page.waitForTimeout(600);
  await page.getByTestId('run-button').click();
  await page.getByTestId('run-button').waitFor({ timeout: 30_000 });
  assert.equal((await outputText(page)).trim(), "120 ada\ncaught 'missing'");
  assert.deepEqual(errors, []);
});
