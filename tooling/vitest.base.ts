import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Vitest project settings shared by every package: workspace packages resolve
 * to their TypeScript sources (`@rrnn/core` -> packages/core/src/index.ts,
 * `@rrnn/data/node` -> packages/data/src/node.ts), so tests never need a build.
 */
export function rrnnProject(name: string, extra: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    resolve: {
      alias: [
        { find: /^@rrnn\/([a-z]+)$/, replacement: `${root}/packages/$1/src/index.ts` },
        { find: /^@rrnn\/([a-z]+)\/([a-z-]+)$/, replacement: `${root}/packages/$1/src/$2.ts` },
      ],
    },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: 'forks',
      // The data folder is only ever where the user says: the tests say <repo>/../shared/data
      // (present in CI) unless RRNN_DATA_DIR already names one. Child processes inherit it.
      env: { RRNN_DATA_DIR: process.env.RRNN_DATA_DIR || resolve(root, '..', 'shared', 'data') },
      ...extra,
    },
  });
}

/** The repository root (folder holding pnpm-workspace.yaml). */
export const repoRoot = root;
