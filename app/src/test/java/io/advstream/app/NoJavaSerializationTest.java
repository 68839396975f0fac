package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No module's code reads or writes Java serialization: records on topics are Avro, trainer
 * checkpoints are ND4J arrays and JSON, and the job refuses Kryo's generic serializer, so no bytes
 * from outside are ever handed to {@code ObjectInputStream}.
 */
class NoJavaSerializationTest {
  private static final Pattern JAVA_SERIALIZATION =
      Pattern.compile("\\b(ObjectInputStream|ObjectOutputStream|SerializationUtils)\\b");

  @Test
  void noMainSourceUsesJavaSerialization() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().contains("/src/main/java/"))
              .filter(p -> !p.toString().contains("/target/"))
              .toList();
    }
    assertThat(sources).as("main sources under " + root).hasSizeGreaterThan(100);
    assertThat(sources)
        .filteredOn(p -> JAVA_SERIALIZATION.matcher(read(p)).find())
        .as("sources using Java serialization")
        .isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
