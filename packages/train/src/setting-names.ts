/**
 * The names each setting of a training run accepts, as lists (for option schemas, validation and
 * help texts) with their types derived from them: one place for each. No TensorFlow.js, so the
 * CLI reads them from `@rrnn/train/layout` before loading tfjs. The cell names are `@rrnn/core`'s
 * `CELLS`; the backend names `@rrnn/backend`'s.
 */

/** Optimizers (see createOptimizer): SGD with PyTorch's momentum and Nesterov, and Adam. */
export const OPTIMIZERS = ['sgd', 'adam'] as const;
/** An optimizer name, {@link TrainConfig.optimizer}. */
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Learning-rate schedules, stepped once per epoch (see scheduleStep). */
export const SCHEDULES = ['cosine', 'step', 'plateau', 'none'] as const;
/** A schedule name, {@link TrainConfig.schedule}. */
export type ScheduleName = (typeof SCHEDULES)[number];

/**
 * Where a model applies dropout when training:
 * - `'all'`: on the embedding output, between recurrent layers and before the decoder (PyTorch's word_language_model);
 * - `'between'`: only between recurrent layers, on the outputs of layers 1 .. L-1 (the paper's reference code).
 */
export const DROPOUT_PLACEMENTS = ['all', 'between'] as const;
/** A dropout placement, {@link ModelConfig.dropoutPlacement}. */
export type DropoutPlacement = (typeof DROPOUT_PLACEMENTS)[number];

/**
 * How a fresh model's weights are drawn:
 * - `'uniform'`: embedding and untied decoder U(-0.1, 0.1), decoder bias 0 (PyTorch's word_language_model);
 * - `'reference'`: what the paper's code really does (PyTorch's defaults): embedding N(0, 1), decoder weight
 *   and bias U(-1/sqrt(H), 1/sqrt(H)) with H the decoder's input size.
 *
 * The recurrent pools and biases are U(-1/sqrt(K), 1/sqrt(K)) under both, K = max(input, hidden).
 */
export const INITS = ['uniform', 'reference'] as const;
/** An initialisation name, {@link TrainConfig.init}. */
export type InitName = (typeof INITS)[number];

/** The paper's two model variants: `td` (decoder tied to the embedding, dropout) and `plain` (untied, no dropout). */
export const PAPER_VARIANTS = ['td', 'plain'] as const;
/** A paper variant (see paperConfig). */
export type PaperVariant = (typeof PAPER_VARIANTS)[number];

/** Weight quantizations of exported models (see quantizeWeightData): float16 halves the bytes, uint8 quarters them. */
export const QUANTIZATIONS = ['float16', 'uint8'] as const;
/** A quantization name. */
export type Quantization = (typeof QUANTIZATIONS)[number];
