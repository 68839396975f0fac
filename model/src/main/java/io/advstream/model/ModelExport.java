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
 * test time), as {@code model.bin} (arrays) and {@code model.json} (what network to build).
 */
public final class ModelExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelExport() {}

  /** Writes the export into {@code dir}; returns the directory. */
  public static Path write(Network net, Path dir, Map<String, Object> facts) {
    try {
      Files.createDirectories(dir);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("architecture", net.architecture());
      meta.put("channels", net.input().channels());
      meta.put("height", net.input().height());
      meta.put("width", net.input().width());
      meta.put("classes", net.classes());
      meta.put("inputStats", net.inputStats().toString());
      meta.putAll(facts);
      Files.write(
          dir.resolve("model.bin"),
          StateCodec.encode(NetworkState.capture(net, List.of(DomainRouting.MAIN))));
      Files.write(
          dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the model to " + dir, e);
    }
  }

  /** Builds the exported network (main BN only). */
  @SuppressWarnings("unchecked")
  public static Network read(Path dir) {
    try {
      Map<String, Object> meta = JSON.readValue(dir.resolve("model.json").toFile(), Map.class);
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
              List.of(DomainRouting.MAIN),
              0,
              DataType.FLOAT,
              meta.containsKey("inputStats")
                  ? InputStats.parse((String) meta.get("inputStats"))
                  : InputStats.assumedForOlderFiles(input));
      NetworkState.restore(net, StateCodec.decode(Files.readAllBytes(dir.resolve("model.bin"))));
      return net;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read an exported model from " + dir + " (expected model.json and model.bin)", e);
    }
  }
}
