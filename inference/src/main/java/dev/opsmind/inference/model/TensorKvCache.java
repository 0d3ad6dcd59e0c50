package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A {@link KvCache} of NDArrays: per layer, keys and values in buffers laid out [kvHeads,
 * capacity, headDim] whose first {@link #length} positions are filled. New tokens are written in
 * place; a full buffer is replaced by one twice as long, so a decode step costs O(new tokens)
 * instead of copying the whole cache. It owns a sub-manager of its decoder, so closing it frees
 * its memory at once.
 */
final class TensorKvCache implements KvCache {
  /** Smallest buffer, in positions: short chats never regrow. */
  private static final int MIN_CAPACITY = 128;

  private final Decoder owner;
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;
  /** Bumped whenever a buffer is replaced, so views of the old ones can be told stale. */
  private int generation;
  private boolean closed;

  TensorKvCache(Decoder owner, NDManager parent, int layers) {
    this.owner = owner;
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  @Override
  public int length() {
    return length;
  }

  Decoder owner() {
    return owner;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Writes one layer's new keys and values ([kvHeads, tokens, headDim]) after the filled positions
   * and returns views of the whole layer (old + new), owned by {@code scope}. {@link #commit}
   * moves the length once every layer has been written; until then (and after {@link #rollback})
   * the written positions count for nothing.
   */
  NDArray[] append(NDManager scope, int layer, NDArray newKeys, NDArray newValues) {
    int end = length + (int) newKeys.getShape().get(1);
    keys[layer] = write(keys[layer], newKeys, end);
    values[layer] = write(values[layer], newValues, end);
    NDIndex filled = new NDIndex(":, :{}", end);
    NDArray k = keys[layer].get(filled);
    NDArray v = values[layer].get(filled);
    k.attach(scope);
    v.attach(scope);
    return new NDArray[] {k, v};
  }

  private NDArray write(NDArray buffer, NDArray added, int end) {
    buffer = ensure(buffer, end);
    buffer.set(new NDIndex(":, {}:{}", length, end), added);
    return buffer;
  }

  /**
   * Makes every layer's buffers hold at least {@code end} positions, for the vector decode path,
   * which writes new keys and values straight into them ({@link #keyBuffer}, {@link #valueBuffer}).
   */
  void reserve(int end) {
    for (int layer = 0; layer < keys.length; layer++) {
      keys[layer] = ensure(keys[layer], end);
      values[layer] = ensure(values[layer], end);
    }
  }

  /** Layer's key buffer [kvHeads, capacity, headDim]; valid until the next {@link #generation} change. */
  NDArray keyBuffer(int layer) {
    return keys[layer];
  }

  NDArray valueBuffer(int layer) {
    return values[layer];
  }

  /** Positions every buffer holds after {@link #reserve}. */
  int capacity() {
    return keys.length == 0 || keys[0] == null ? 0 : (int) keys[0].getShape().get(1);
  }

  int generation() {
    return generation;
  }

  private NDArray ensure(NDArray buffer, int end) {
    return buffer == null || buffer.getShape().get(1) < end ? grow(buffer, end) : buffer;
  }

  /** A buffer for at least {@code needed} positions holding the filled part of {@code old}. */
  private NDArray grow(NDArray old, int needed) {
    long oldCapacity = old == null ? 0 : old.getShape().get(1);
    long capacity = Math.max(needed, Math.min(owner.contextLength(), Math.max(MIN_CAPACITY, 2 * oldCapacity)));
    DecoderConfig c = owner.config();
    NDArray next = manager.zeros(new Shape(c.numKvHeads(), capacity, c.headDim()), DataType.FLOAT32);
    generation++;
    if (old != null) {
      if (length > 0) {
        try (NDArray filled = old.get(new NDIndex(":, :{}", length))) {
          next.set(new NDIndex(":, :{}", length), filled);
        }
      }
      old.close();
    }
    return next;
  }

  void commit(int tokens) {
    length += tokens;
  }

  /** A pass failed half-way: what it wrote lies past {@link #length} and is overwritten later. */
  void rollback() {}

  @Override
  public KvCache copy() {
    return copyPrefix(length);
  }

  @Override
  public KvCache copyPrefix(int tokens) {
    checkOpen();
    if (tokens < 0 || tokens > length) {
      throw new IllegalArgumentException("cannot copy " + tokens + " positions of a cache holding " + length);
    }
    TensorKvCache copy = new TensorKvCache(owner, owner.manager(), keys.length);
    if (tokens > 0) {
      NDIndex filled = new NDIndex(":, :{}", tokens);
      for (int i = 0; i < keys.length; i++) {
        copy.keys[i] = copyOf(keys[i], filled, copy.manager);
        copy.values[i] = copyOf(values[i], filled, copy.manager);
      }
    }
    copy.length = tokens;
    return copy;
  }

  private static NDArray copyOf(NDArray buffer, NDIndex filled, NDManager to) {
    try (NDArray view = buffer.get(filled)) {
      NDArray out = view.duplicate();
      out.attach(to);
      return out;
    }
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this KV cache is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }
}
