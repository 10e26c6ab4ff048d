/**
 * tfjs-layers layers for restricted cells (`@rrnn/core/layers`; needs the optional peer
 * `@tensorflow/tfjs-layers`). One class, {@link RestrictedRNN}, with the cell as an option, and the
 * factories {@link restrictedRNN}, {@link restrictedGRU}, {@link restrictedLSTM}. Registered for
 * serialization, so a model saved to `model.json` + weights loads back with `tf.loadLayersModel`.
 * Weights are the reference pool layout: `pool` `[poolRows, poolCols]` and `bias` `[poolRows]`.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkCell, sharingLayout, type CellType, type SharingLayout } from './layout';
import { stackForward } from './stack';
import type { Initializer, Kwargs, LayerArgs } from './layers-types';
import { checkRate, checkSize, fmtShape } from './validate';
import type { StackState, StackWeights } from './weights';

/** An initializer, or the name of a `tf.initializers` factory (`'glorotUniform'`, `'zeros'`, ...). */
export type InitializerLike = Initializer | string | tf.serialization.ConfigDict;

/** Options of a restricted recurrent layer. */
export interface RestrictedRNNArgs extends LayerArgs {
  /** Hidden size H. */
  units: number;
  /** 'rnn', 'gru' or 'lstm' (default 'lstm'). */
  cell?: CellType;
  /** Fraction r in [0, 1] of every gate's units computed by shared pool rows (default 0.5). */
  sharingRate?: number;
  /** Output every step `[batch, steps, units]` (default false: the last step `[batch, units]`). */
  returnSequences?: boolean;
  /** Also return the final state: `[output, h]`, or `[output, h, c]` for LSTM (default false). */
  returnState?: boolean;
  /** Carry the final state of one batch into the next call (default false); `resetStates()` zeroes it. */
  stateful?: boolean;
  /** Process the sequence backwards; outputs come in processing order, as `tf.layers.lstm` (default false). */
  goBackwards?: boolean;
  /** Fraction of the input features dropped when training, one mask per sequence for every step (default 0). */
  dropout?: number;
  /** Fraction of `h_{t-1}` dropped before the hidden product when training, one mask per sequence (default 0). */
  recurrentDropout?: number;
  /** Pool initializer; default uniform in `(-1/sqrt(K), 1/sqrt(K))`, K = max(inputSize, units), as the reference. */
  kernelInitializer?: InitializerLike;
  /** Bias initializer; default as the pool. */
  biasInitializer?: InitializerLike;
}

function toInitializer(i: InitializerLike | undefined, name: string): Initializer | undefined {
  if (i === undefined || i === null) return undefined;
  if (typeof i === 'string') {
    const make = (tfl.initializers as unknown as Record<string, (a: object) => Initializer>)[i];
    if (typeof make !== 'function') {
      throw new Error(`${name} must be an Initializer or a tf.initializers name such as 'glorotUniform', got '${i}'`);
    }
    return make({});
  }
  if (i instanceof tf.serialization.Serializable) return i as Initializer;
  const { className, config } = i as { className?: string; config?: tf.serialization.ConfigDict };
  const entry = className ? tf.serialization.SerializationMap.getMap().classNameMap[className] : undefined;
  if (!entry) throw new Error(`${name}: unknown initializer ${JSON.stringify(i)}`);
  return entry[1](entry[0], config ?? {}) as Initializer;
}

function dropoutRate(name: string, p: number | undefined): number {
  const rate = p ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new Error(`RestrictedRNN: ${name} must be a number in [0, 1), got ${String(p)}`);
  return rate;
}

function serializeInit(i: Initializer | undefined): tf.serialization.ConfigDict | null {
  return i === undefined ? null : { className: i.getClassName(), config: i.getConfig() };
}

/** A restricted RNN/GRU/LSTM layer over `[batch, steps, features]` inputs. */
export class RestrictedRNN extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'RestrictedRNN';
  readonly units: number;
  readonly cell: CellType;
  readonly sharingRate: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  private readonly kernelInit?: Initializer;
  private readonly biasInit?: Initializer;
  private layout?: SharingLayout;
  private pool?: tfl.LayerVariable;
  private bias?: tfl.LayerVariable;
  private carried: StackState | null = null;

  constructor(args: RestrictedRNNArgs) {
    super(args);
    if (args === undefined || typeof args !== 'object') throw new Error('RestrictedRNN needs options: { units, cell, sharingRate }');
    this.cell = args.cell ?? 'lstm';
    checkCell(this.cell);
    checkSize('units', args.units);
    this.units = args.units;
    this.sharingRate = args.sharingRate ?? 0.5;
    checkRate(this.sharingRate);
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this._stateful = args.stateful ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.dropout = dropoutRate('dropout', args.dropout);
    this.recurrentDropout = dropoutRate('recurrentDropout', args.recurrentDropout);
    this.supportsMasking = true;
    this.kernelInit = toInitializer(args.kernelInitializer, 'kernelInitializer');
    this.biasInit = toInitializer(args.biasInitializer, 'biasInitializer');
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const inputSize = shape[shape.length - 1];
    if (shape.length !== 3 || inputSize === null) {
      throw new Error(`${this.name} expects inputs of shape [batch, steps, features] with known features, got ${fmtShape(shape)}`);
    }
    const l = sharingLayout(this.cell, inputSize, this.units, this.sharingRate);
    const a = 1 / Math.sqrt(l.poolCols);
    const uniform = () => tfl.initializers.randomUniform({ minval: -a, maxval: a });
    this.layout = l;
    this.pool = this.addWeight('pool', [l.poolRows, l.poolCols], 'float32', this.kernelInit ?? uniform());
    this.bias = this.addWeight('bias', [l.poolRows], 'float32', this.biasInit ?? uniform());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const out: tfl.Shape = this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
    if (!this.returnState) return out;
    const state: tfl.Shape = [shape[0], this.units];
    return this.cell === 'lstm' ? [out, state, state] : [out, state];
  }

  /**
   * `apply(x, { initialState })` as `tf.layers.lstm` takes it: the states become extra inputs (so a
   * functional model can feed them), `[h]` or `[h, c]` for LSTM, each `[batch, units]`.
   */
  override apply(inputs: tf.Tensor | tf.Tensor[] | tfl.SymbolicTensor | tfl.SymbolicTensor[], kwargs?: Kwargs): tf.Tensor | tf.Tensor[] | tfl.SymbolicTensor | tfl.SymbolicTensor[] {
    const initialState = kwargs?.initialState as (tf.Tensor | tfl.SymbolicTensor)[] | undefined;
    if (initialState == null) return super.apply(inputs, kwargs);
    const { initialState: _s, ...rest } = kwargs as Kwargs;
    const list = [...(Array.isArray(inputs) ? inputs : [inputs]), ...(Array.isArray(initialState) ? initialState : [initialState])];
    return super.apply(list as tf.Tensor[], rest);
  }

  /** The input mask passes on with the sequence output (`returnSequences`); a last-step output and states carry none. */
  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const m = Array.isArray(mask) ? mask[0] : mask;
    const out = this.returnSequences && m != null ? m : null;
    // tfjs-layers types say Tensor, but null (no mask) is what its own RNN layers return
    if (!this.returnState) return out as unknown as tf.Tensor;
    return [out, ...Array.from({ length: this.cell === 'lstm' ? 2 : 1 }, () => null)] as unknown as tf.Tensor[];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0] as tf.Tensor3D;
    const l = this.layout as SharingLayout;
    if (x.rank !== 3 || x.shape[2] !== l.inputSize) {
      throw new Error(`${this.name} expects inputs of shape [batch, steps, ${l.inputSize}], got ${fmtShape(x.shape)}`);
    }
    const given = list.length > 1 ? list.slice(1) : (kwargs?.initialState as tf.Tensor[] | undefined);
    const stateCount = this.cell === 'lstm' ? 2 : 1;
    if (given != null && given.length !== stateCount) {
      throw new Error(`${this.name}: initialState must hold ${stateCount === 2 ? '[h, c]' : '[h]'} (each [batch, ${this.units}]), got ${given.length} tensor(s)`);
    }
    const w: StackWeights = {
      spec: { cell: this.cell, layers: [{ inputSize: l.inputSize, hiddenSize: this.units, sharingRate: this.sharingRate }] },
      layers: [{ pool: (this.pool as tfl.LayerVariable).read() as tf.Variable, bias: (this.bias as tfl.LayerVariable).read() as tf.Variable }],
    };
    let initialState: StackState | undefined = given
      ? { h: [given[0] as tf.Tensor2D], ...(stateCount === 2 ? { c: [given[1] as tf.Tensor2D] } : {}) }
      : undefined;
    if (!initialState && this.stateful && this.carried) initialState = this.carried;
    if (initialState && initialState.h[0].shape[0] !== x.shape[0]) {
      throw new Error(`${this.name} is stateful with batch ${initialState.h[0].shape[0]}, got a batch of ${x.shape[0]}: call resetStates() first`);
    }
    const training = kwargs?.training === true;
    const mask = kwargs?.mask as tf.Tensor | undefined;
    const [batch] = x.shape;
    const drop = (rate: number, shape: number[]) => tf.dropout(tf.ones(shape), rate);
    const input = training && this.dropout > 0 ? tf.mul(x, drop(this.dropout, [batch, 1, l.inputSize])) as tf.Tensor3D : x;
    const recurrentMasks = training && this.recurrentDropout > 0 ? [drop(this.recurrentDropout, [batch, this.units]) as tf.Tensor2D] : undefined;
    const { outputs, final } = stackForward(w, input, { initialState, mask: mask ?? undefined, goBackwards: this.goBackwards, recurrentMasks });
    if (this.stateful) {
      this.resetStates(); // disposes the state just used
      this.carried = { h: final.h.map((t) => tf.keep(tf.clone(t))), c: final.c?.map((t) => tf.keep(tf.clone(t))) };
    }
    const out = this.returnSequences ? outputs : final.h[0];
    if (!this.returnState) return out;
    return [out, final.h[0], ...(final.c ?? [])];
  }

  /** Zeroes the carried state of a stateful layer. */
  override resetStates(): void {
    if (this.carried) tf.dispose([this.carried.h, this.carried.c ?? []]);
    this.carried = null;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      units: this.units,
      cell: this.cell,
      sharingRate: this.sharingRate,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      stateful: this.stateful,
      goBackwards: this.goBackwards,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      kernelInitializer: serializeInit(this.kernelInit),
      biasInitializer: serializeInit(this.biasInit),
      ...super.getConfig(),
    };
  }
}
tf.serialization.registerClass(RestrictedRNN);

/** A restricted simple RNN layer (`h = tanh(a_x + a_h)`). */
export function restrictedRNN(args: Omit<RestrictedRNNArgs, 'cell'>): RestrictedRNN {
  return new RestrictedRNN({ ...args, cell: 'rnn' });
}
/** A restricted GRU layer (gates r, z, n). */
export function restrictedGRU(args: Omit<RestrictedRNNArgs, 'cell'>): RestrictedRNN {
  return new RestrictedRNN({ ...args, cell: 'gru' });
}
/** A restricted LSTM layer (gates i, f, g, o). */
export function restrictedLSTM(args: Omit<RestrictedRNNArgs, 'cell'>): RestrictedRNN {
  return new RestrictedRNN({ ...args, cell: 'lstm' });
}
