package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Json;
import java.io.IOException;
import java.util.Arrays;

/**
 * One message of a routed request's relay (before sealing): a type byte, then its bytes. The
 * serving node sends HEAD (status and headers, JSON), DATA (response bytes as they come), then END
 * or ERROR (JSON: what failed); the entry node answers each non-final frame with ACK (send the
 * next) or CANCEL (its client is gone). The serving node sends what it has as one message
 * ({@link #encodeAll}), one message in flight per request: the relay is paced by the entry
 * node's client.
 */
record Frame(byte type, byte[] bytes) {
  static final byte HEAD = 'H';
  static final byte DATA = 'D';
  static final byte END = 'E';
  static final byte ERROR = 'X';
  static final byte ACK = 'A';
  static final byte CANCEL = 'C';

  static Frame of(byte type) {
    return new Frame(type, new byte[0]);
  }

  static Frame json(byte type, ObjectNode node) {
    return new Frame(type, Json.write(node).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  byte[] encode() {
    byte[] out = new byte[bytes.length + 1];
    out[0] = type;
    System.arraycopy(bytes, 0, out, 1, bytes.length);
    return out;
  }

  static Frame decode(byte[] encoded) throws IOException {
    if (encoded.length == 0) {
      throw new IOException("empty relay frame");
    }
    return new Frame(encoded[0], Arrays.copyOfRange(encoded, 1, encoded.length));
  }

  /**
   * Several frames in one message (type, 4-byte length, bytes; repeated): what came from the
   * loopback response since the last message (head with the first bytes, the last bytes with end)
   * goes in one event-bus round trip.
   */
  static byte[] encodeAll(java.util.List<Frame> frames) {
    int size = 0;
    for (Frame frame : frames) {
      size += 5 + frame.bytes.length;
    }
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(size);
    for (Frame frame : frames) {
      out.put(frame.type).putInt(frame.bytes.length).put(frame.bytes);
    }
    return out.array();
  }

  static java.util.List<Frame> decodeAll(byte[] encoded) throws IOException {
    java.util.List<Frame> frames = new java.util.ArrayList<>();
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(encoded);
    while (in.hasRemaining()) {
      if (in.remaining() < 5) {
        throw new IOException("truncated relay frame");
      }
      byte type = in.get();
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IOException("relay frame length " + length + " past the message's end");
      }
      byte[] bytes = new byte[length];
      in.get(bytes);
      frames.add(new Frame(type, bytes));
    }
    if (frames.isEmpty()) {
      throw new IOException("empty relay message");
    }
    return frames;
  }

  ObjectNode json() throws IOException {
    var node = Json.MAPPER.readTree(bytes);
    if (!(node instanceof ObjectNode object)) {
      throw new IOException("relay frame is not a JSON object");
    }
    return object;
  }

  boolean terminal() {
    return type == END || type == ERROR;
  }
}
