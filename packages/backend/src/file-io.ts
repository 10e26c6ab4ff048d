/**
 * `file://` model files in Node without `@tensorflow/tfjs-node`: `model.save('file://dir')` writes
 * `dir/model.json` and `dir/weights.bin` (the layout tfjs-node writes and `tf.loadLayersModel` reads),
 * `tf.loadLayersModel('file://dir/model.json')` (or `file://dir`) reads them back. Each file is written to
 * a temporary name and renamed into place, weights first, so a reader never sees a model.json whose
 * weights are not complete; nothing else in the folder is touched. When tfjs-node is loaded (its own
 * `tensorflow` backend is registered) its handler serves `file://` instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { manifestBytes } from '@rrnn/core';

/** The URL scheme served. */
export const FILE_SCHEME = 'file://';
/** File names of a saved model. */
export const MODEL_FILES = { model: 'model.json', weights: 'weights.bin' } as const;

/** Write `data` to `path` atomically (temporary file + rename). */
function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** The model.json of a path: the path itself when it names a .json file, else `<path>/model.json`. */
function modelJsonPath(path: string): string {
  return path.endsWith('.json') ? path : join(path, MODEL_FILES.model);
}

function weightBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  return new Uint8Array(buffer);
}

/** An IOHandler for a folder (save) or a model.json (load) on the local file system. */
export function fileSystemIO(path: string): tf.io.IOHandler {
  const full = resolve(path);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error(`${FILE_SCHEME}${path}: binary model topologies are not supported; save a layers or graph model in JSON form`);
      const dir = full.endsWith('.json') ? dirname(full) : full;
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw new Error(`${FILE_SCHEME}${path}: cannot create the folder ${dir} (${(e as Error).message})`);
      }
      const weights = weightBytes(artifacts.weightData);
      const { weightData: _data, weightSpecs, ...rest } = artifacts;
      const json = { ...rest, weightsManifest: [{ paths: [MODEL_FILES.weights], weights: weightSpecs ?? [] }] };
      writeAtomic(join(dir, MODEL_FILES.weights), weights);
      const text = JSON.stringify(json);
      writeAtomic(full.endsWith('.json') ? full : join(dir, MODEL_FILES.model), text);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(), modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? null).length, weightSpecsBytes: JSON.stringify(weightSpecs ?? []).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const file = modelJsonPath(full);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
        throw new Error(`${FILE_SCHEME}${path}: ${missing ? `no ${basename(file)} at ${file}; give the path of a saved model's model.json (or its folder)` : `cannot read ${file} (${(e as Error).message})`}`);
      }
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(text) as tf.io.ModelJSON;
      } catch (e) {
        throw new Error(`${FILE_SCHEME}${path}: ${file} is not valid JSON (${(e as Error).message})`);
      }
      if (json === null || typeof json !== 'object' || !Array.isArray(json.weightsManifest)) {
        throw new Error(`${FILE_SCHEME}${path}: ${file} is not a tfjs model.json (no weightsManifest)`);
      }
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const parts: ArrayBuffer[] = [];
      for (const group of json.weightsManifest) {
        const bytes = group.paths.map((p) => {
          const at = join(dirname(file), p);
          try {
            return readFileSync(at);
          } catch (e) {
            throw new Error(`${FILE_SCHEME}${path}: weight file ${at} named by ${basename(file)} cannot be read (${(e as Error).message})`);
          }
        });
        const size = bytes.reduce((n, b) => n + b.byteLength, 0);
        if (size !== manifestBytes(group.weights)) {
          throw new Error(`${FILE_SCHEME}${path}: ${group.paths.join(', ')} hold ${size} bytes but ${basename(file)} describes ${manifestBytes(group.weights)}; the files are truncated or from another model`);
        }
        for (const b of bytes) parts.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
        weightSpecs.push(...group.weights);
      }
      const { weightsManifest: _m, ...rest } = json;
      return { ...rest, weightSpecs, weightData: tf.io.concatenateArrayBuffers(parts) } as tf.io.ModelArtifacts;
    },
  };
}

/** The router: `file://` URLs, unless tfjs-node (which serves them itself) is loaded. */
export function fileRouter(url: string | string[]): tf.io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith(FILE_SCHEME)) return null;
  if (tf.findBackendFactory('tensorflow') != null) return null;
  return fileSystemIO(url.slice(FILE_SCHEME.length));
}

let registered = false;

/** Register the `file://` router for saving and loading (once; importing `@rrnn/backend` in Node does it). */
export function registerFileIO(): void {
  if (registered) return;
  registered = true;
  // tfjs routers answer null for URLs they do not serve; its type says IOHandler only
  const router = fileRouter as Parameters<typeof tf.io.registerSaveRouter>[0];
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
}
