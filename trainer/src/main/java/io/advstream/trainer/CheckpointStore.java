package io.advstream.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.advstream.model.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checkpoints as directories {@code step-<n>} under the run's {@code checkpoints/}. A checkpoint is
 * written into a temporary directory and renamed into place, then {@code LATEST} is replaced the
 * same way, so a crash at any moment leaves the previous checkpoint intact and readable.
 */
public final class CheckpointStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LATEST = "LATEST";
  private static final String SHUFFLE = "shuffle.bin";

  private final Path dir;
  private final int keep;

  /**
   * @param keep how many checkpoints to keep; older ones are deleted
   */
  public CheckpointStore(Path dir, int keep) {
    this.dir = dir;
    this.keep = keep;
  }

  public Path write(Checkpoint c) {
    try {
      Files.createDirectories(dir);
      String name = String.format("step-%012d", c.step());
      Path tmp = Files.createTempDirectory(dir, name + ".tmp-");
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("step", c.step());
      meta.put("snapshotVersion", c.snapshotVersion());
      meta.put("positions", c.positions());
      meta.put("waiting", c.waiting().size());
      meta.put("shuffleHeld", c.shuffle().held().values().stream().mapToInt(List::size).sum());
      Files.write(
          tmp.resolve("meta.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
      Files.write(tmp.resolve("network.bin"), StateCodec.encode(c.network()));
      Files.write(tmp.resolve("optimizer.bin"), StateCodec.encode(c.optimizer()));
      Files.write(tmp.resolve("waiting.bin"), encodeWaiting(c.waiting()));
      Files.write(tmp.resolve(SHUFFLE), encodeShuffle(c.shuffle()));
      Path target = dir.resolve(name);
      deleteRecursively(target);
      move(tmp, target);
      Path pointer = Files.createTempFile(dir, LATEST, ".tmp");
      Files.writeString(pointer, name, StandardCharsets.UTF_8);
      move(pointer, dir.resolve(LATEST));
      prune();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write checkpoint of step " + c.step() + " to " + dir, e);
    }
  }

  /** The checkpoint {@code LATEST} names, if any. */
  public Optional<Checkpoint> latest() {
    Path pointer = dir.resolve(LATEST);
    if (!Files.exists(pointer)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          read(dir.resolve(Files.readString(pointer, StandardCharsets.UTF_8).strip())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the latest checkpoint in " + dir, e);
    }
  }

  /** Reads one checkpoint directory. */
  @SuppressWarnings("unchecked")
  public static Checkpoint read(Path checkpoint) throws IOException {
    Map<String, Object> meta = JSON.readValue(checkpoint.resolve("meta.json").toFile(), Map.class);
    Map<String, Long> positions = new LinkedHashMap<>();
    ((Map<String, Number>) meta.get("positions"))
        .forEach((k, v) -> positions.put(k, v.longValue()));
    Path shuffle = checkpoint.resolve(SHUFFLE);
    return new Checkpoint(
        ((Number) meta.get("step")).longValue(),
        ((Number) meta.get("snapshotVersion")).longValue(),
        positions,
        decodeWaiting(Files.readAllBytes(checkpoint.resolve("waiting.bin"))),
        Files.exists(shuffle)
            ? decodeShuffle(Files.readAllBytes(shuffle))
            : Checkpoint.ShuffleState.EMPTY, // written before shuffle buffers existed
        StateCodec.decode(Files.readAllBytes(checkpoint.resolve("network.bin"))),
        StateCodec.decode(Files.readAllBytes(checkpoint.resolve("optimizer.bin"))));
  }

  private static byte[] encodeWaiting(List<SourceRecord> records) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeRecords(out, records);
    }
    return bytes.toByteArray();
  }

  private static List<SourceRecord> decodeWaiting(byte[] bytes) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return readRecords(in);
    }
  }

  /** Per BN set: its name, the draws made, then the held records in buffer order. */
  private static byte[] encodeShuffle(Checkpoint.ShuffleState state) throws IOException {
    Set<String> sets = new LinkedHashSet<>(state.held().keySet());
    sets.addAll(state.draws().keySet());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(sets.size());
      for (String set : sets) {
        out.writeUTF(set);
        out.writeLong(state.draws().getOrDefault(set, 0L));
        writeRecords(out, state.held().getOrDefault(set, List.of()));
      }
    }
    return bytes.toByteArray();
  }

  private static Checkpoint.ShuffleState decodeShuffle(byte[] bytes) throws IOException {
    Map<String, List<SourceRecord>> held = new LinkedHashMap<>();
    Map<String, Long> draws = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int sets = in.readInt();
      for (int i = 0; i < sets; i++) {
        String set = in.readUTF();
        draws.put(set, in.readLong());
        held.put(set, readRecords(in));
      }
    }
    return new Checkpoint.ShuffleState(held, draws);
  }

  private static void writeRecords(DataOutputStream out, List<SourceRecord> records)
      throws IOException {
    out.writeInt(records.size());
    for (SourceRecord r : records) {
      out.writeUTF(r.position().topic());
      out.writeInt(r.position().partition());
      out.writeLong(r.position().offset());
      out.writeInt(r.value().length);
      out.write(r.value());
    }
  }

  private static List<SourceRecord> readRecords(DataInputStream in) throws IOException {
    List<SourceRecord> records = new ArrayList<>();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      RecordPosition position = new RecordPosition(in.readUTF(), in.readInt(), in.readLong());
      byte[] value = new byte[in.readInt()];
      in.readFully(value);
      records.add(new SourceRecord(value, position));
    }
    return records;
  }

  private void prune() throws IOException {
    List<Path> checkpoints;
    try (Stream<Path> entries = Files.list(dir)) {
      checkpoints =
          entries
              .filter(p -> p.getFileName().toString().matches("step-\\d{12}"))
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    }
    for (int i = 0; i < checkpoints.size() - keep; i++) {
      deleteRecursively(checkpoints.get(i));
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
