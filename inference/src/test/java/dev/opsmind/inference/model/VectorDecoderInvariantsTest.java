package dev.opsmind.inference.model;

/**
 * {@link DecoderInvariants} with the default decode path: decode and short passes on the vector
 * path where this JVM runs it (else the same as {@link LibtorchDecoderInvariantsTest}).
 */
class VectorDecoderInvariantsTest extends DecoderInvariants {
  @Override
  String decodePath() {
    return "auto";
  }
}
