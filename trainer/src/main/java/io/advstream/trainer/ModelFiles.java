package io.advstream.trainer;

import io.advstream.model.StateCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads model state from an exported model, a checkpoint directory, or an array-set file. */
public final class ModelFiles {
  private ModelFiles() {}

  public static Map<String, INDArray> readArrays(Path path) {
    try {
      if (Files.isDirectory(path) && Files.exists(path.resolve("model.bin"))) {
        return StateCodec.decode(Files.readAllBytes(path.resolve("model.bin")));
      }
      if (Files.isDirectory(path)) {
        return CheckpointStore.read(path).network();
      }
      return StateCodec.decode(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model state from " + path, e);
    }
  }
}
