import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config';
import { createLanguageModel, disposeLanguageModel, modelParameters } from '../model';
import { evaluateWindow } from '../evaluate';
import { stateFromTensors, stateTensors } from '../state';
import { windowGradients } from '../step';
import type { EvalShardReply, EvalShardRequest, GradientPeer, PeerAnswer, PeerMessage, ShardReply, ShardRequest } from './protocol';
import { arraysOf, canShareMemory, fits, isShared, readInto } from './transport';

/**
 * The weights' transport of one {@link portPeer}: a copy into one SharedArrayBuffer, kept from request
 * to request, which a port passes as a reference. Structured cloning ~10 MB of weights a step cost this
 * thread ~14 ms and the worker ~15 ms more before it could start (the paper LSTM on two threads).
 * Weights in shared memory already (the data-parallel step's own, see transport.ts) go as they are; where
 * memory cannot be shared (no SharedArrayBuffer, or a page that is not cross-origin isolated) the arrays
 * themselves go, cloned.
 */
function sharedWeights(): (weights: Float32Array[]) => Float32Array[] {
  let views: Float32Array[] | undefined;
  return (weights) => {
    if (!canShareMemory() || weights.every(isShared)) return weights;
    const out = (views = arraysOf(weights.map((w) => w.length), views));
    weights.forEach((w, i) => out[i].set(w));
    return out;
  };
}

/**
 * Whether the active backend copies an array it is given into its own memory at once, and hands out a
 * fresh array from `dataSync` (wasm: both, through its heap). Then a replica need not copy the weights
 * it gets in shared memory, nor the gradients it sends (their buffers are transferred): about 11 MB each
 * per step for the paper's models, on the worker the training thread waits for. The cpu backend keeps
 * the array it is given and returns the one it holds, so other backends get both copies.
 */
const backendCopies = (): boolean => tf.getBackend() === 'wasm';
const own = (a: Float32Array): Float32Array => (backendCopies() ? a : a.slice());

/** A model replica that turns shard requests into gradients (or evaluation losses), on whatever thread it lives. */
export interface ShardComputer {
  compute(req: ShardRequest): ShardReply;
  evaluate(req: EvalShardRequest): EvalShardReply;
  dispose(): void;
}

/** Build the replica of a model configuration (its initial weights are overwritten by every request). */
export function createShardComputer(config: ModelConfig): ShardComputer {
  const model = createLanguageModel(config, 0);
  const params = modelParameters(model);
  const names = Object.keys(params);
  let hasWeights = false;
  const load = (weights: Float32Array[] | undefined) => {
    if (!weights) {
      if (!hasWeights) throw new Error('gradient peer: the first request must carry the weights');
      return;
    }
    if (weights.length !== names.length) throw new Error(`gradient peer: got ${weights.length} weight arrays for a model with ${names.length} parameters`);
    // weights in shared memory (portPeer's transport) are rewritten for the next request: a backend
    // that may keep the very array it is given gets a copy
    tf.tidy(() => names.forEach((n, i) => params[n].assign(tf.tensor(isShared(weights[i]) ? own(weights[i]) : weights[i], params[n].shape))));
    hasWeights = true;
  };
  const carried = (req: { window: { batch: number }; state: Float32Array[] }) =>
    stateFromTensors(req.state.map((v) => tf.tensor2d(v, [req.window.batch, v.length / req.window.batch])), config.numLayers);
  return {
    compute(req) {
      load(req.weights);
      const into = req.gradsInto;
      if (into && !fits(into, names.map((n) => params[n].size))) {
        throw new Error(`gradient peer: gradsInto must hold ${names.length} arrays of the parameters' sizes, got ${into.length}`);
      }
      let reply!: ShardReply;
      tf.tidy(() => {
        const state = carried(req);
        const g = windowGradients(model, params, req.window, state, req.seed, req.lossScale);
        const next = stateTensors(g.state);
        reply = {
          loss: g.loss.dataSync()[0],
          grads: names.map((n, i) => (into ? (readInto(g.grads[n], into[i]), into[i]) : own(g.grads[n].dataSync() as Float32Array))),
          state: next.map((t) => own(t.dataSync() as Float32Array)),
        };
        for (const t of next) t.dispose();
      });
      return reply;
    },
    evaluate(req) {
      load(req.weights);
      // the reply leaves the tidy through a variable, as in compute: tidy walks whatever its callback
      // returns element by element, and a returned reply of ~50,000 floats cost ~40 ms a window
      let reply!: EvalShardReply;
      tf.tidy(() => {
        const { losses, next } = evaluateWindow(model, req.window, carried(req));
        const state = stateTensors(next);
        reply = { losses: own(losses.dataSync() as Float32Array), state: state.map((t) => own(t.dataSync() as Float32Array)) };
        tf.dispose([losses, ...state]);
      });
      return reply;
    },
    dispose: () => disposeLanguageModel(model),
  };
}

/** A peer on the training thread itself: no parallelism, the reference the worker route is tested against. */
export function localPeer(config: ModelConfig): GradientPeer {
  const computer = createShardComputer(config);
  return {
    compute: async (req) => computer.compute(req),
    evaluate: async (req) => computer.evaluate(req),
    close: async () => computer.dispose(),
  };
}

/** The parts of a Node `Worker` (or `parentPort`) that the peer protocol uses. */
export interface PeerPort {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  // Node's Worker and MessagePort overload `on` per event; `any` is what lets both fit.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (value: any) => void): unknown;
  terminate?(): Promise<number> | void;
}

/** The buffers a reply can transfer: its own arrays (shared ones, e.g. the gradients in `gradsInto`, are shared as they are). */
const buffers = (reply: ShardReply | EvalShardReply): ArrayBuffer[] =>
  ('grads' in reply ? [...reply.grads, ...reply.state] : [reply.losses, ...reply.state]).filter((a) => !isShared(a)).map((a) => a.buffer as ArrayBuffer);

/**
 * Serve gradient requests on a port: the body of a gradient worker thread.
 * The worker must have picked its tfjs backend before calling this, e.g.
 * `await useBackend('wasm'); serveGradients(parentPort)`.
 */
export function serveGradients(port: PeerPort): void {
  let computer: ShardComputer | undefined;
  const answer = (a: PeerAnswer, transfer?: ArrayBuffer[]) => port.postMessage(a, transfer);
  port.on('message', (m: PeerMessage) => {
    try {
      if (m.type === 'init') {
        computer?.dispose();
        computer = createShardComputer(m.config);
        answer({ type: 'ready' });
      } else if (m.type === 'compute' || m.type === 'evaluate') {
        if (!computer) throw new Error(`gradient peer: ${m.type} before init`);
        const reply = m.type === 'compute' ? computer.compute(m.request) : computer.evaluate(m.request);
        answer({ type: 'reply', id: m.id, reply }, buffers(reply));
      } else if (m.type === 'close') {
        computer?.dispose();
        computer = undefined;
      }
    } catch (e) {
      answer({ type: 'error', id: m.type === 'compute' || m.type === 'evaluate' ? m.id : null, message: e instanceof Error ? e.message : String(e) });
    }
  });
}

/**
 * The training thread's side of a gradient worker: sends the model
 * configuration once, then one request per step. A worker that fails or exits
 * rejects every pending request with the cause.
 *
 * Where memory can be shared, a reply's gradients lie in a buffer this peer reuses (the worker
 * writes them there straight from its tensors): read them before the next `compute`.
 */
export function portPeer(port: PeerPort, config: ModelConfig): GradientPeer {
  const weightsOut = sharedWeights();
  let nextId = 0;
  let failure: Error | undefined;
  const pending = new Map<number, { resolve: (r: ShardReply & EvalShardReply) => void; reject: (e: Error) => void }>();
  let isReady = false;
  let markReady!: () => void;
  let markFailed!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => ((markReady = () => ((isReady = true), res())), (markFailed = rej)));
  ready.catch(() => undefined); // surfaced through compute()
  const fail = (e: Error) => {
    failure ??= e;
    markFailed(failure);
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  port.on('message', (a: PeerAnswer) => {
    if (a.type === 'ready') return markReady();
    const p = a.id === null ? undefined : pending.get(a.id);
    if (a.type === 'error' && !p) return fail(new Error(`gradient worker: ${a.message}`));
    if (!p || a.id === null) return;
    pending.delete(a.id);
    if (a.type === 'reply') p.resolve(a.reply as ShardReply & EvalShardReply); // each id's reply answers its own request's type
    else p.reject(new Error(`gradient worker: ${a.message}`));
  });
  port.on('error', (e: Error) => fail(new Error(`gradient worker crashed: ${e.message}`)));
  port.on('exit', (code: number) => fail(new Error(`gradient worker exited (code ${code})`)));
  port.postMessage({ type: 'init', config } satisfies PeerMessage);
  const send = async (message: (id: number) => PeerMessage): Promise<ShardReply & EvalShardReply> => {
    // Post synchronously once the worker is up: the caller computes its own shard right after
    // this call, and an `await` here would hold the request back until that work is done.
    if (!isReady) await ready;
    if (failure) throw failure;
    const id = nextId++;
    const m = message(id); // before this request counts as pending: the weights' shared buffer is free only when none is
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      port.postMessage(m);
    });
  };
  // the weights go through shared memory when no earlier request may still be reading it
  const weights = (w: Float32Array[] | undefined) => (w && pending.size === 0 ? weightsOut(w) : w);
  // and the gradients come back through shared memory of this peer's, when no earlier request may still be writing it
  let gradsOut: Float32Array[] | undefined;
  const gradsInto = (req: ShardRequest) => {
    if (req.gradsInto || pending.size > 0 || !canShareMemory()) return req.gradsInto;
    return (gradsOut = arraysOf(req.weights.map((w) => w.length), gradsOut));
  };
  return {
    compute: (request) =>
      send((id) => ({ type: 'compute', id, request: { ...request, weights: weights(request.weights) as Float32Array[], gradsInto: gradsInto(request) } })),
    evaluate: (request) => send((id) => ({ type: 'evaluate', id, request: { ...request, weights: weights(request.weights) } })),
    async close() {
      failure ??= new Error('gradient worker closed');
      port.postMessage({ type: 'close' } satisfies PeerMessage);
      await port.terminate?.();
    },
  };
}
