// What the browser tests share: where the outreach binary and Chromium are, and numbered steps
// that count what passed and failed and end the run with the right exit code.

import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = resolve(process.env.OUTREACH_BIN || join(root, 'target/release/outreach'));
export const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';

const tally = { passed: 0, failed: 0 };

/** Runs one named step, printing `ok` or `FAIL` with the error; a failure stops the run. */
export async function step(name, fn) {
  try {
    await fn();
    tally.passed += 1;
    console.log(`ok   ${name}`);
  } catch (err) {
    tally.failed += 1;
    console.log(`FAIL ${name}\n     ${String(err && err.stack || err).split('\n').join('\n     ')}`);
    throw err;
  }
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** An error that escaped every step (the set-up failed), counted unless a step already was. */
export function setupFailed(err) {
  if (tally.failed === 0) {
    tally.failed += 1;
    console.log(`FAIL setup: ${err && err.stack || err}`);
  }
}

/** Prints `LABEL: N passed, N failed` and exits: 0 only when steps ran and none failed. */
export function exit(label) {
  console.log(`${label}: ${tally.passed} passed, ${tally.failed} failed`);
  process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
}
