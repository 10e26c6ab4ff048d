import type { TrainEvent } from '@rrnn/train';
import type { Io } from '../framework/command.js';
import { fitWithBar } from '../format/fit.js';
import { formatDuration } from '../format/time.js';

type StepEvent = Extract<TrainEvent, { type: 'step' }>;

const pct = (fraction: number) => `${Math.round(100 * Math.min(1, fraction))}%`;
const lr = (x: number) => String(Number(x.toPrecision(3)));
/** A best validation perplexity, or "not measured" when the run stopped before its first validation. */
export const measured = (ppl: number, digits = 2) => (Number.isFinite(ppl) ? ppl.toFixed(digits) : 'not measured');

/**
 * The fields of a training progress line, most important first: step of
 * total, ETA, loss and perplexity, tokens/s, learning rate, epoch.
 */
export function stepFields(e: StepEvent, totalSteps: number): string[] {
  return [
    `step ${e.step.toLocaleString('en-US')}/${totalSteps.toLocaleString('en-US')} ${pct(e.step / totalSteps)}`,
    `ETA ${formatDuration(e.etaSeconds)}`,
    `loss ${e.loss.toFixed(3)} ppl ${e.perplexity.toFixed(1)}`,
    `${Math.round(e.tokensPerSecond).toLocaleString('en-US')} tok/s`,
    `lr ${lr(e.lr)}`,
    `epoch ${e.epoch}`,
  ];
}

/** The live training line, at most `width` characters: fields that do not fit are dropped whole, a bar fills the room left. */
export function progressLine(e: StepEvent, totalSteps: number, width: number): string {
  return fitWithBar(stepFields(e, totalSteps), e.step / totalSteps, width);
}

/** The fields of an evaluation progress line: `evaluating test 45%`, ETA (from `seconds` spent on `measured` of the steps done). */
export function evalFields(split: string, done: number, total: number, seconds: number, measured = done): string[] {
  const eta = measured > 0 ? (seconds * (total - done)) / measured : NaN;
  return [`evaluating ${split} ${pct(done / Math.max(1, total))}`, `ETA ${formatDuration(eta)}`];
}

/** A plain-text line for every training event (logs, non-terminals); `evaluating` events have their own lines (see trainReporter). */
export function eventLine(e: Exclude<TrainEvent, { type: 'evaluating' }>, totalSteps: number): string {
  switch (e.type) {
    case 'step':
      return stepFields(e, totalSteps).join(', ');
    case 'epoch':
      return `epoch ${e.epoch} done in ${formatDuration(e.seconds)}: train loss ${e.trainLoss.toFixed(3)}, valid loss ${e.validLoss.toFixed(3)}, valid ppl ${e.validPerplexity.toFixed(2)}`;
    case 'checkpoint':
      return `checkpoint (${e.kind}) -> ${e.dir}`;
    case 'resume':
      return `resumed at step ${e.step} with ${e.changes.map((c) => `${c.setting} ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`).join(', ')} (recorded in the run's history)`;
    case 'done':
      return `training done: ${e.result.epochs} epoch(s), ${e.result.steps} steps, ${formatDuration(e.result.seconds)}, best valid ppl ${measured(e.result.bestValidPerplexity)}`;
  }
}

/** How a command reports: a live bar on a terminal, event lines in logs, JSON lines, or nothing. */
export type ReportMode = 'tty' | 'lines' | 'json' | 'quiet';

export function reportMode(o: { json: boolean; quiet: boolean }, io: Io): ReportMode {
  if (o.json) return 'json';
  if (o.quiet) return 'quiet';
  return io.isTTY ? 'tty' : 'lines';
}

/** Where training and evaluation progress go. */
export interface Reporter {
  onEvent(e: TrainEvent): void;
  /** An evaluation pass scored `done` of `total` time steps of `split`. */
  evaluating(split: string, done: number, total: number): void;
  note(text: string): void;
  end(): void;
}

/**
 * The training and evaluation event sink. Progress goes to stderr: on a
 * terminal one line redrawn in place, fitted to its width; in logs one line per
 * event, and an evaluation pass at its start and each quarter. `json` mode
 * writes every event as one JSON line to stdout; `quiet` drops them.
 */
export function trainReporter(mode: ReportMode, io: Io, totalSteps: number): Reporter {
  let barShown = false;
  const clearBar = () => {
    if (barShown) io.err('\r\x1b[K');
    barShown = false;
  };
  const draw = (line: string) => {
    io.err(`\r\x1b[K${line}`);
    barShown = true;
  };
  const width = () => Math.max(20, io.columns - 1);
  // the pass's clock starts at its first window: the ETA counts the windows after it
  let pass = { split: '', done: 0, first: 0, started: 0 };
  const evaluating = (split: string, done: number, total: number) => {
    if (split !== pass.split || done < pass.done) pass = { split, done: 0, first: done, started: performance.now() };
    const quarter = (x: number) => Math.floor((4 * x) / Math.max(1, total));
    const firstOrNewQuarter = pass.done === 0 || quarter(done) > quarter(pass.done);
    pass.done = done;
    const fields = evalFields(split, done, total, (performance.now() - pass.started) / 1000, done - pass.first);
    if (mode === 'json') io.out(`${JSON.stringify({ type: 'evaluating', split, done, total })}\n`);
    else if (mode === 'tty') draw(fitWithBar(fields, done / Math.max(1, total), width()));
    else if (mode === 'lines' && firstOrNewQuarter) io.err(`${fields.join(', ')}\n`);
  };
  return {
    onEvent(e) {
      if (e.type === 'evaluating') return mode === 'json' ? void io.out(`${JSON.stringify(e)}\n`) : evaluating(e.split, e.done, e.total);
      if (mode === 'json') io.out(`${JSON.stringify(e)}\n`);
      else if (mode === 'lines') io.err(`${eventLine(e, totalSteps)}\n`);
      else if (mode === 'tty') {
        if (e.type === 'step') draw(progressLine(e, totalSteps, width()));
        else {
          clearBar();
          io.err(`${eventLine(e, totalSteps)}\n`);
        }
      }
    },
    evaluating,
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
