/** @packageDocumentation The restricted recurrent language model and its training loop: truncated BPTT, schedules, checkpoints, resume. */
export const PACKAGE = '@rrnn/train';
