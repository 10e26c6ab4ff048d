import type { TrainEvent } from '@rrnn/train';
import type { Io } from '../framework/command.js';
import { formatDuration } from '../format/time.js';

type StepEvent = Extract<TrainEvent, { type: 'step' }>;

/**
 * Steps the run will take: `epochs` passes over `batch` streams cut into
 * windows of `bptt` (the last one shorter), capped by `maxSteps`.
 */
export function plannedSteps(c: { epochs: number; batchSize: number; bptt: number; maxSteps?: number }, trainTokens: number): number {
  const windowsPerEpoch = Math.ceil((Math.floor(trainTokens / c.batchSize) - 1) / c.bptt);
  return Math.max(1, Math.min(c.maxSteps ?? Infinity, c.epochs * windowsPerEpoch));
}

/** One progress line: `[#####.....]  42% epoch 1 step 120 | 5,400 tok/s | loss 5.12 | ppl 167.3 | lr 1 | ETA 2m10s`. */
export function progressLine(e: StepEvent, fraction: number, barWidth = 24): string {
  const filled = Math.round(fraction * barWidth);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`;
  return `${bar} ${String(Math.round(fraction * 100)).padStart(3)}% epoch ${e.epoch} step ${e.step} | ${Math.round(e.tokensPerSecond).toLocaleString('en-US')} tok/s | loss ${e.loss.toFixed(3)} | ppl ${e.perplexity.toFixed(1)} | lr ${Number(e.lr.toPrecision(3))} | ETA ${formatDuration(e.etaSeconds)}`;
}

/** A plain-text line for every training event (logs, non-terminals). */
export function eventLine(e: TrainEvent): string {
  switch (e.type) {
    case 'step':
      return `epoch ${e.epoch} step ${e.step}: loss ${e.loss.toFixed(3)}, ppl ${e.perplexity.toFixed(1)}, lr ${Number(e.lr.toPrecision(3))}, ${Math.round(e.tokensPerSecond)} tok/s, ETA ${formatDuration(e.etaSeconds)}`;
    case 'epoch':
      return `epoch ${e.epoch} done in ${formatDuration(e.seconds)}: train loss ${e.trainLoss.toFixed(3)}, valid loss ${e.validLoss.toFixed(3)}, valid ppl ${e.validPerplexity.toFixed(2)}`;
    case 'checkpoint':
      return `checkpoint (${e.kind}) -> ${e.dir}`;
    case 'resume':
      return `resumed at step ${e.step} with ${e.changes.map((c) => `${c.setting} ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`).join(', ')} (recorded in the run's history)`;
    case 'done':
      return `training done: ${e.result.epochs} epoch(s), ${e.result.steps} steps, ${formatDuration(e.result.seconds)}, best valid ppl ${e.result.bestValidPerplexity.toFixed(2)}`;
  }
}

/** How a command reports: a live bar on a terminal, event lines in logs, JSON lines, or nothing. */
export type ReportMode = 'tty' | 'lines' | 'json' | 'quiet';

export function reportMode(o: { json: boolean; quiet: boolean }, io: Io): ReportMode {
  if (o.json) return 'json';
  if (o.quiet) return 'quiet';
  return io.isTTY ? 'tty' : 'lines';
}

/**
 * The training event sink. Progress goes to stderr (a bar redrawn in place on
 * a terminal, or one line per event); `json` mode writes every event as one
 * JSON line to stdout; `quiet` drops them.
 */
export function trainReporter(mode: ReportMode, io: Io, totalSteps: number): { onEvent(e: TrainEvent): void; note(text: string): void; end(): void } {
  let barShown = false;
  const clearBar = () => {
    if (barShown) io.err('\r\x1b[K');
    barShown = false;
  };
  return {
    onEvent(e) {
      if (mode === 'json') io.out(`${JSON.stringify(e)}\n`);
      else if (mode === 'lines') io.err(`${eventLine(e)}\n`);
      else if (mode === 'tty') {
        if (e.type === 'step') {
          io.err(`\r\x1b[K${progressLine(e, Math.min(1, e.step / totalSteps)).slice(0, io.columns - 1)}`);
          barShown = true;
        } else {
          clearBar();
          io.err(`${eventLine(e)}\n`);
        }
      }
    },
    note(text) {
      if (mode === 'json') io.out(`${JSON.stringify({ type: 'note', message: text })}\n`);
      else if (mode !== 'quiet') {
        clearBar();
        io.err(`${text}\n`);
      }
    },
    end: clearBar,
  };
}
