/** @packageDocumentation Restricted RNN, GRU and LSTM cells: sharing layout, parameter counts, fast forward, reference-format weights. */
export const PACKAGE = '@rrnn/core';
