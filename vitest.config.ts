import { defineConfig } from 'vitest/config';

// One workspace-wide run over every package's tests (the README's test command).
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/consumer'],
    // 2-core machines: run test files one or two at a time.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
