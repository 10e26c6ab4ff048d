/**
 * @packageDocumentation
 * Restricted RNN, GRU and LSTM cells (Diao, Ding, Tarokh 2019): sharing layout, parameter counts,
 * a fast forward pass that computes shared rows once, and reference-format weights.
 */
export { CELLS, GATE_COUNT, roundHalfEven, sharingLayout, rowIndex, sumsBranches, type CellType, type SharingLayout } from './layout';
export {
  stackSpec, stackLayouts, stackParameterCount, languageModelParameterCount, ratesPerLayer,
  type LayerSpec, type StackSpec, type LanguageModelSizes, type ParameterCounts,
} from './params';
export { flopsPerToken } from './flops';
export {
  initStackWeights, disposeStackWeights, zeroState,
  type LayerWeights, type StackWeights, type StackState,
} from './weights';
export { stackForward, type StackForwardOptions } from './stack';
export { layerSequence, branchViews, type LayerRun, type BranchViews } from './sequence';
export { gruStep, gruStepOps, lstmStep, lstmStepOps, rnnStep, type Dims } from './cells';
export { setFusedLstmCell, fusedLstmCellActive } from './lstm-cell';
export { setFusedGruCell, fusedGruCellActive } from './gru-cell';
export { setFusedRnnCell, fusedRnnCellActive } from './rnn-cell';
export { setFusedRecurrence, fusedRecurrenceActive } from './recurrence';
export { dropout, setFusedDropoutMask, fusedDropoutMaskActive } from './dropout';
export { stackFromReference, stackToReference, type ReferenceLayer } from './reference';
export { matMulPlain } from './matmul';
export { splitRows, stackRows, concatRows } from './split-rows';
export { softmaxCrossEntropy, crossEntropyRows, crossEntropyGradient } from './softmax-ce';
export { decoderCrossEntropy } from './decoder-ce';
export { manifestBytes } from './manifest';
export {
  SOFTMAX_CE, SOFTMAX_CE_GRAD, LSTM_CELL, LSTM_CELL_GRAD, lstmActRows, checkLstmCellInputs, type SoftmaxCEGradAttrs, type LstmCellAttrs,
  GRU_CELL, GRU_CELL_GRAD, gruActRows, checkGruCellInputs, type GruCellAttrs,
  RNN_CELL, RNN_CELL_GRAD, checkRnnCellInputs, FREE_TRANSPOSE_FLAG,
  DROPOUT_MASK, checkDropoutMaskAttrs, type DropoutMaskAttrs,
} from './kernels';
