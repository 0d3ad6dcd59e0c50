package dev.opsmind.inference.model;

/** {@link DecoderInvariants} with every pass on libtorch's NDArray forward pass. */
class LibtorchDecoderInvariantsTest extends DecoderInvariants {
  @Override
  String decodePath() {
    return "libtorch";
  }
}
