/**
 * The file-system half of checkpoints: atomic folder writes, folder creation
 * that fails fast, and the SHA-256 manifest. Node only: the modules are
 * imported on first use, so the package entry stays loadable in browsers.
 */

/** Node's file-system, path and crypto modules, imported on first use. */
export async function nodeModules() {
  const [fs, path, crypto] = await Promise.all([import('node:fs/promises'), import('node:path'), import('node:crypto')]);
  return { fs, path, crypto };
}

/**
 * Create `dir` and its missing parents one level at a time. Node's recursive
 * mkdir loops forever under /proc; this fails at once with an error naming
 * the folder that could not be made and why.
 */
export async function makeDir(dir: string): Promise<void> {
  const { fs, path } = await nodeModules();
  const full = path.resolve(dir);
  const missing: string[] = [];
  for (let d = full; ; d = path.dirname(d)) {
    const st = await fs.stat(d).catch(() => null);
    if (st) {
      if (!st.isDirectory()) throw new Error(`cannot create ${full}: ${d} is a file, not a folder; choose another output folder`);
      break;
    }
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      await fs.mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(`cannot create ${d} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); choose a writable output folder`);
    }
  }
}

/**
 * Write `files` (name -> content) as the folder `dir`, atomically: a reader sees
 * either the old folder or the complete new one, never a mix. On failure the old
 * folder is left as it was and the temporary folder is removed.
 */
export async function writeDirAtomic(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const { fs, path } = await nodeModules();
  const tag = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = `${dir}.tmp-${tag}`;
  const old = `${dir}.old-${tag}`;
  await makeDir(path.dirname(dir));
  await fs.mkdir(tmp);
  try {
    for (const [name, content] of Object.entries(files)) {
      const fh = await fs.open(path.join(tmp, name), 'w');
      try {
        await fh.writeFile(content);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  let movedAside = false;
  try {
    await fs.rename(dir, old);
    movedAside = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  try {
    await fs.rename(tmp, dir);
  } catch (e) {
    if (movedAside) await fs.rename(old, dir);
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (movedAside) await fs.rm(old, { recursive: true, force: true });
}

/** Contents of a checkpoint's manifest file: the SHA-256 and size of every other file. */
export interface ChecksumManifest {
  format: 'rrnn-checkpoint-manifest';
  files: Record<string, { sha256: string; bytes: number }>;
}

/** The manifest of `files` (name -> content). */
export async function checksumManifest(files: Record<string, string | Uint8Array>): Promise<ChecksumManifest> {
  const { crypto } = await nodeModules();
  const out: ChecksumManifest['files'] = {};
  for (const [name, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    out[name] = { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength };
  }
  return { format: 'rrnn-checkpoint-manifest', files: out };
}

/** Throws naming `file` when `content` does not match its manifest entry (absent entries are not checked). */
export async function verifyChecksum(manifest: ChecksumManifest | null, name: string, file: string, content: Uint8Array): Promise<void> {
  const entry = manifest?.files[name];
  if (!entry) return;
  const { crypto } = await nodeModules();
  const sha = crypto.createHash('sha256').update(content).digest('hex');
  if (content.byteLength !== entry.bytes || sha !== entry.sha256) {
    throw new Error(`checkpoint: ${file} is damaged (its SHA-256 or size differs from the manifest: ${content.byteLength} bytes, expected ${entry.bytes}); restore it or use another checkpoint (best/ or last/), or retrain`);
  }
}
