package io.advstream.app.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The tagged streams runs share. Runs whose streams are the same — same data, images, epochs, seed
 * and job options, and a job that does not attack the trainer's snapshots — read one tagged topic,
 * made once. Each stream has a file in {@code <runs-dir>/streams/} that says which attempt made it
 * and whether it is complete; an attempt killed half-way is never read: the next one makes the
 * stream again on topics of its own.
 */
public final class SharedStreams {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  /**
   * @param attempt how many times making it started; topics carry the number
   * @param samples committed tagged samples, once complete
   * @param seconds how long making it took
   */
  public record Stream(
      String key, String id, int attempt, boolean complete, long samples, double seconds) {

    /** {@code exp.GRID.stream-ID-aN}: the prefix of the attempt's topics and groups. */
    public String prefix(String grid) {
      return "exp." + grid + ".stream-" + id + "-a" + attempt;
    }
  }

  public SharedStreams(Path runsDir) {
    this.dir = runsDir.resolve("streams");
  }

  /** A short id of the stream's description: everything that makes its samples what they are. */
  public static String id(List<String> description) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\n", description).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public Optional<Stream> find(String id) {
    Path file = dir.resolve(id + ".json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Stream.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Records that a new attempt at making the stream starts, and returns it. */
  public Stream startAttempt(List<String> description) {
    String id = id(description);
    int attempt = find(id).map(s -> s.attempt() + 1).orElse(1);
    Stream started = new Stream(String.join("\n", description), id, attempt, false, 0, 0);
    save(started);
    return started;
  }

  /** Records that {@code stream} is complete with {@code samples} committed samples. */
  public Stream complete(Stream stream, long samples, double seconds) {
    Stream done = new Stream(stream.key(), stream.id(), stream.attempt(), true, samples, seconds);
    save(done);
    return done;
  }

  private void save(Stream stream) {
    AtomicJson.write(dir.resolve(stream.id() + ".json"), stream);
  }
}
