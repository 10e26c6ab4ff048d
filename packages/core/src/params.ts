/** Stack specifications and parameter counts (layer, stack, whole language model). */
import { checkCell, sharingLayout, type CellType, type SharingLayout } from './layout';
import { checkSize } from './validate';

/** One layer of a stack. */
export interface LayerSpec { inputSize: number; hiddenSize: number; sharingRate: number }
/** A stack of restricted layers of one cell type; layer l+1 reads layer l's h. */
export interface StackSpec { cell: CellType; layers: LayerSpec[] }

/** Expands one rate, or checks one rate per layer. */
export function ratesPerLayer(sharingRates: number | number[], numLayers: number): number[] {
  if (typeof sharingRates === 'number') return Array.from({ length: numLayers }, () => sharingRates);
  if (!Array.isArray(sharingRates) || sharingRates.length !== numLayers) {
    throw new Error(
      `sharingRates must be one number or one per layer (${numLayers}), got ${JSON.stringify(sharingRates)}`,
    );
  }
  return sharingRates;
}

/**
 * Builds a stack: layer 0 maps `inputSize -> hiddenSize`, middle layers `hiddenSize -> hiddenSize`,
 * the last layer maps to `outputSize` (default `hiddenSize`; the embedding size when the decoder is tied).
 */
export function stackSpec(o: {
  cell: CellType; inputSize: number; hiddenSize: number; numLayers: number;
  sharingRates: number | number[]; outputSize?: number;
}): StackSpec {
  checkCell(o.cell);
  checkSize('numLayers', o.numLayers);
  checkSize('inputSize', o.inputSize);
  checkSize('hiddenSize', o.hiddenSize);
  const out = o.outputSize ?? o.hiddenSize;
  checkSize('outputSize', out);
  const rates = ratesPerLayer(o.sharingRates, o.numLayers);
  const layers = rates.map((sharingRate, l) => ({
    inputSize: l === 0 ? o.inputSize : o.hiddenSize,
    hiddenSize: l === o.numLayers - 1 ? out : o.hiddenSize,
    sharingRate,
  }));
  const spec = { cell: o.cell, layers };
  stackLayouts(spec); // validates every layer
  return spec;
}

/** The layout of every layer; checks sizes, rates and that layer l+1's input is layer l's hidden size. */
export function stackLayouts(spec: StackSpec): SharingLayout[] {
  checkCell(spec.cell);
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
    throw new Error('a stack needs at least one layer: pass layers: [{ inputSize, hiddenSize, sharingRate }]');
  }
  return spec.layers.map((ls, l) => {
    if (l > 0 && ls.inputSize !== spec.layers[l - 1].hiddenSize) {
      throw new Error(
        `inputSize of layer ${l} must equal hiddenSize of layer ${l - 1} (${spec.layers[l - 1].hiddenSize}), got ${ls.inputSize}`,
      );
    }
    return sharingLayout(spec.cell, ls.inputSize, ls.hiddenSize, ls.sharingRate, l);
  });
}

/** All pool weights and biases of a stack. */
export function stackParameterCount(spec: StackSpec): number {
  return stackLayouts(spec).reduce((n, l) => n + l.parameters, 0);
}

/** Sizes of a word-level language model: embedding -> restricted stack -> decoder. */
export interface LanguageModelSizes {
  cell: CellType; vocabSize: number; embeddingSize: number; hiddenSize: number;
  numLayers: number; sharingRates: number | number[];
  /** Decoder weight tied to the embedding: the last layer's hidden size is then `embeddingSize`. */
  tied: boolean;
}

/** Parameter counts of a language model, split as the paper reports them. */
export interface ParameterCounts {
  embedding: number;
  recurrent: number;
  /** 0 when tied. */
  decoderWeight: number;
  decoderBias: number;
  /** recurrent + decoderBias: the paper's "RNN parameters". */
  rnnParameters: number;
  total: number;
}

/** Counts every parameter of the language model (tied: decoder weight shared with the embedding, counted once). */
export function languageModelParameterCount(s: LanguageModelSizes): ParameterCounts {
  checkSize('vocabSize', s.vocabSize);
  checkSize('embeddingSize', s.embeddingSize);
  const spec = stackSpec({
    cell: s.cell, inputSize: s.embeddingSize, hiddenSize: s.hiddenSize, numLayers: s.numLayers,
    sharingRates: s.sharingRates, outputSize: s.tied ? s.embeddingSize : s.hiddenSize,
  });
  const lastHidden = spec.layers[spec.layers.length - 1].hiddenSize;
  const embedding = s.vocabSize * s.embeddingSize;
  const recurrent = stackParameterCount(spec);
  const decoderWeight = s.tied ? 0 : s.vocabSize * lastHidden;
  const decoderBias = s.vocabSize;
  return {
    embedding, recurrent, decoderWeight, decoderBias,
    rnnParameters: recurrent + decoderBias,
    total: embedding + recurrent + decoderWeight + decoderBias,
  };
}
