#!/usr/bin/env node
// The README's test command: build every package (the CLI tests spawn the
// built binary), run every package's tests in one workspace-wide vitest run,
// then print one plain summary line: "N passed, M failed" (tests, not files).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const report = resolve(root, '.vitest-report.json');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false });

const build = run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
if (build.status !== 0) {
  console.error('build failed: fix the build before the tests can run');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

rmSync(report, { force: true });
const extra = process.argv.slice(2);
const test = run('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  // A test file that fails to load has no test results of its own: count it once.
  const brokenFiles = json.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  failed = json.numFailedTests + brokenFiles;
  skipped = json.numPendingTests + (json.numTodoTests ?? 0);
} catch (err) {
  console.error(`could not read the vitest report ${report}: ${err.message}`);
  failed = Math.max(failed, 1);
}
if (test.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && test.status === 0 ? 0 : 1);
