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
  // The layers' arrays before the pass in progress: closed on commit, restored on rollback.
  private final NDArray[] previousKeys;
  private final NDArray[] previousValues;
  private int length;
  private boolean closed;

  TensorKvCache(Decoder owner, NDManager parent, int layers) {
    this.owner = owner;
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
    this.previousKeys = new NDArray[layers];
    this.previousValues = new NDArray[layers];
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
   * layer (old + new). {@link #commit} moves the length once every layer has been appended;
   * {@link #rollback} undoes the appends of a pass that failed half-way.
   */
  NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
    previousKeys[layer] = keys[layer];
    previousValues[layer] = values[layer];
    keys[layer] = grow(keys[layer], newKeys);
    values[layer] = grow(values[layer], newValues);
    return new NDArray[] {keys[layer], values[layer]};
  }

  private NDArray grow(NDArray old, NDArray added) {
    NDArray next = old == null ? added.duplicate() : old.concat(added, 1);
    next.attach(manager);
    return next;
  }

  void commit(int tokens) {
    length += tokens;
    for (int i = 0; i < keys.length; i++) {
      closeIfSet(previousKeys, i);
      closeIfSet(previousValues, i);
    }
  }

  void rollback() {
    for (int i = 0; i < keys.length; i++) {
      if (previousKeys[i] != null || (keys[i] != null && length == 0)) {
        keys[i].close();
        values[i].close();
        keys[i] = previousKeys[i];
        values[i] = previousValues[i];
        previousKeys[i] = null;
        previousValues[i] = null;
      }
    }
  }

  private static void closeIfSet(NDArray[] arrays, int i) {
    if (arrays[i] != null) {
      arrays[i].close();
      arrays[i] = null;
    }
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
