import { evaluateLoss, evaluateWindow, evaluation, type EvaluateOptions, type EvaluationResult } from '../evaluate';
import { initialState, modelParameters, type LanguageModel } from '../model';
import { disposeState, stateTensors } from '../state';
import type { EvalShardReply, GradientPeer } from './protocol';
import { shardRows, windowRows } from './shards';
import { settle } from './settle';

/**
 * {@link evaluateLoss} on this thread and `peers` together: the evaluation's streams are split into
 * `peers.length + 1` shards of rows, each scored window by window with its own carried state (streams
 * are independent, so this is the same computation), this thread's shard while the peers score theirs.
 * The same losses as `evaluateLoss` up to float rounding. Without peers it is `evaluateLoss` itself.
 */
export async function evaluateLossParallel(m: LanguageModel, ids: Int32Array, o: EvaluateOptions, peers: GradientPeer[]): Promise<EvaluationResult> {
  if (peers.length === 0) return evaluateLoss(m, ids, o);
  const e = evaluation(ids, o);
  const ranges = shardRows(e.batchSize, peers.length + 1);
  if (ranges.length === 1) return evaluateLoss(m, ids, o); // one stream: nothing to split
  const params = modelParameters(m);
  let weights: Float32Array[] | undefined = Object.values(params).map((p) => p.dataSync() as Float32Array); // sent with the first request only
  let local = initialState(m, ranges[0].end - ranges[0].start);
  // the peers' carried states live here as arrays, sent with every request
  let remote = ranges.slice(1).map((r) => {
    const zeros = initialState(m, r.end - r.start);
    const values = stateTensors(zeros).map((t) => t.dataSync() as Float32Array); // not returned from a tidy, which walks arrays element by element
    disposeState(zeros);
    return values;
  });
  try {
    for (const w of e.windows) {
      const pending = ranges.slice(1).map((r, i) => {
        const shard = windowRows(w, r);
        return peers[i].evaluate({ weights, window: { ...shard, inputs: shard.inputs.slice(), targets: shard.targets.slice() }, state: remote[i] });
      });
      weights = undefined;
      let out: ReturnType<typeof evaluateWindow> | undefined;
      let replies: EvalShardReply[];
      try {
        out = evaluateWindow(m, windowRows(w, ranges[0]), local);
      } finally {
        replies = await settle(pending, () => out && (out.losses.dispose(), disposeState(out.next)));
      }
      const done = out as NonNullable<typeof out>;
      disposeState(local);
      local = done.next;
      const losses = new Float32Array(w.batch * w.len);
      losses.set(done.losses.dataSync());
      done.losses.dispose();
      replies.forEach((rep, i) => losses.set(rep.losses, ranges[i + 1].start * w.len));
      remote = replies.map((rep) => rep.state);
      e.add(w, losses);
    }
  } finally {
    disposeState(local);
  }
  return e.result();
}
