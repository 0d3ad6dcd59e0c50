package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A {@link KvCache} of NDArrays: per layer, keys and values laid out [kvHeads, length, headDim].
 * It owns a sub-manager of its decoder, so closing it frees its memory at once.
 */
final class TensorKvCache implements KvCache {
  private final Decoder owner;
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;
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
   * Appends one layer's new keys and values ([kvHeads, tokens, headDim]) and returns the whole
   * layer (old + new). {@link #advance} moves the length once every layer has been appended.
   */
  NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
    keys[layer] = grow(keys[layer], newKeys);
    values[layer] = grow(values[layer], newValues);
    return new NDArray[] {keys[layer], values[layer]};
  }

  private NDArray grow(NDArray old, NDArray added) {
    NDArray next = old == null ? added.duplicate() : old.concat(added, 1);
    next.attach(manager);
    if (old != null) {
      old.close();
    }
    return next;
  }

  void advance(int tokens) {
    length += tokens;
  }

  @Override
  public KvCache copy() {
    checkOpen();
    TensorKvCache copy = new TensorKvCache(owner, owner.manager(), keys.length);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        copy.keys[i] = keys[i].duplicate();
        copy.keys[i].attach(copy.manager);
        copy.values[i] = values[i].duplicate();
        copy.values[i].attach(copy.manager);
      }
    }
    copy.length = length;
    return copy;
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
