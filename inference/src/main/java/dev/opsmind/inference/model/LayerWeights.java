package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;

/**
 * One transformer block's weights in the layout the forward pass uses: q/k/v stacked into one
 * [qDim + 2 kvDim, hidden] matrix and gate/up into one [2 intermediate, hidden] matrix, so a
 * block needs three matrix products before the down projection. Biases are null when absent.
 */
record LayerWeights(NDArray inputNorm, Matrix qkv, NDArray qkvBias, Matrix o, NDArray oBias, NDArray postNorm,
    Matrix gateUp, Matrix down) {}
