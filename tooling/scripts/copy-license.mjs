#!/usr/bin/env node
// prepack of every published package: ship the repository's one LICENSE in the tarball.
// (The copy in the package folder is git-ignored; the root LICENSE is the only one kept.)
import { copyFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
copyFileSync(resolve(root, 'LICENSE'), resolve(process.cwd(), 'LICENSE'));
