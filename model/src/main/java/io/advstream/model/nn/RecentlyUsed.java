package io.advstream.model.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The values made for the last few keys, the least recently used dropped first: a layer's oneDNN
 * primitives for the batch shapes its recent passes had (a step may alternate between a training,
 * an attack and an evaluation shape).
 */
final class RecentlyUsed<K, V> {
  private final LinkedHashMap<K, V> values;

  RecentlyUsed(int capacity) {
    this.values =
        new LinkedHashMap<>(capacity + 1, 1f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The value for {@code key}, made by {@code make} when it is not among the recent ones. */
  V get(K key, Function<K, V> make) {
    return values.computeIfAbsent(key, make);
  }
}
