package io.advstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The inference model: shared weights and the main BN set only (AdvProp drops the auxiliary BNs at
 * test time), as {@code model.bin} (arrays) and {@code model.json} (what network to build, and the
 * BN sets it holds under {@code bnSets}).
 *
 * <p>For analysis, {@link #writeAllBatchNorms} writes the same format with every BN set, and {@link
 * #read(Path, String)} builds a network that infers through any set the directory holds.
 */
public final class ModelExport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BN_SETS = "bnSets";

  private ModelExport() {}

  /** Writes the inference export (main BN only) into {@code dir}; returns the directory. */
  public static Path write(Network net, Path dir, Map<String, Object> facts) {
    return write(net, dir, facts, List.of(DomainRouting.MAIN));
  }

  /**
   * Writes the export with every BN set of {@code net} (main and auxiliary), for evaluating a model
   * through an auxiliary set; returns the directory.
   */
  public static Path writeAllBatchNorms(Network net, Path dir, Map<String, Object> facts) {
    return write(net, dir, facts, net.bnSets());
  }

  private static Path write(Network net, Path dir, Map<String, Object> facts, List<String> sets) {
    try {
      Files.createDirectories(dir);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("architecture", net.architecture());
      meta.put("channels", net.input().channels());
      meta.put("height", net.input().height());
      meta.put("width", net.input().width());
      meta.put("classes", net.classes());
      meta.put("inputStats", net.inputStats().toString());
      meta.put(BN_SETS, sets);
      meta.putAll(facts);
      Files.write(dir.resolve("model.bin"), StateCodec.encode(NetworkState.capture(net, sets)));
      Files.write(
          dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the model to " + dir, e);
    }
  }

  /** Builds the exported network with the main BN set. */
  public static Network read(Path dir) {
    return read(dir, DomainRouting.MAIN);
  }

  /**
   * Builds the exported network with {@code bnSet} as its only BN set, so it predicts through that
   * set's parameters and running statistics.
   *
   * @throws IllegalArgumentException when the directory does not hold {@code bnSet}, naming the
   *     sets it holds
   */
  @SuppressWarnings("unchecked")
  public static Network read(Path dir, String bnSet) {
    try {
      Map<String, Object> meta = JSON.readValue(dir.resolve("model.json").toFile(), Map.class);
      List<String> sets = bnSets(meta);
      if (!sets.contains(bnSet)) {
        throw new IllegalArgumentException(
            "BN set '"
                + bnSet
                + "' is not in the exported model "
                + dir
                + "; it holds: "
                + String.join(", ", sets)
                + (sets.size() == 1
                    ? " (inference exports keep the main BN only; a run with auxiliary BN sets"
                        + " also writes them all to <run-dir>/export-all-bn)"
                    : ""));
      }
      InputShape input =
          new InputShape(
              (Integer) meta.get("channels"),
              (Integer) meta.get("height"),
              (Integer) meta.get("width"));
      Network net =
          ModelRegistry.create(
              (String) meta.get("architecture"),
              input,
              (Integer) meta.get("classes"),
              List.of(bnSet),
              0,
              DataType.FLOAT,
              meta.containsKey("inputStats")
                  ? InputStats.parse((String) meta.get("inputStats"))
                  : InputStats.assumedForOlderFiles(input));
      // the file's other BN sets are simply not read: the network has no place for them
      NetworkState.restore(net, StateCodec.decode(Files.readAllBytes(dir.resolve("model.bin"))));
      return net;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read an exported model from " + dir + " (expected model.json and model.bin)", e);
    }
  }

  /** The BN sets an export holds; exports written before the list was recorded hold main. */
  @SuppressWarnings("unchecked")
  private static List<String> bnSets(Map<String, Object> meta) {
    Object sets = meta.get(BN_SETS);
    return sets == null ? List.of(DomainRouting.MAIN) : List.copyOf((List<String>) sets);
  }
}
