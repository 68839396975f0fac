package io.advstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.v1beta1.FlinkDeployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images cannot be built here (no Docker engine); what can be checked is that they would take
 * what the build makes and run what exists.
 */
class DockerfileTest {
  static Stream<Path> dockerfiles() throws IOException {
    try (Stream<Path> files = Files.list(Repository.docker())) {
      return files.filter(f -> f.toString().endsWith(".Dockerfile")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void copiesOnlyWhatTheBuildMakesAndTheContextSends(Path file) throws IOException {
    Dockerfile dockerfile = Dockerfile.read(file);
    List<String> included = dockerignoreExceptions();

    assertThat(dockerfile.contextSources()).isNotEmpty();
    for (String source : dockerfile.contextSources()) {
      Path path = Repository.root().resolve(source);
      assertThat(path).as("%s copies %s: build it with 'mvn package'", file, source).exists();
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.list(path)) {
          assertThat(files).as("%s is empty", path).isNotEmpty();
        }
      }
      assertThat(included)
          .as(".dockerignore must let %s through", source)
          .anySatisfy(pattern -> assertThat(matches(pattern, source)).isTrue());
    }
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void basesArePinnedAndTheImageRunsAsAnotherUserThanRoot(Path file) {
    Dockerfile dockerfile = Dockerfile.read(file);
    List<String> bases = dockerfile.baseImages();

    assertThat(bases)
        .allSatisfy(image -> assertThat(image).contains(":").doesNotEndWith(":latest"));
    // the image that runs: a released version, not a moving name
    assertThat(bases.get(bases.size() - 1)).matches(".*:\\d+(\\.\\d+)+.*");
    List<String> users = dockerfile.all("USER");
    assertThat(users).isNotEmpty();
    assertThat(users.get(users.size() - 1)).doesNotStartWith("root").doesNotStartWith("0");
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void theVersionArgumentIsTheProjectVersion(Path file) {
    Dockerfile dockerfile = Dockerfile.read(file);

    if (dockerfile.args().containsKey("VERSION")) {
      assertThat(dockerfile.args().get("VERSION")).isEqualTo(Repository.version());
    }
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void theEntrypointRunsARealMainClass(Path file) throws Exception {
    Dockerfile dockerfile = Dockerfile.read(file);
    List<String> entrypoints = dockerfile.all("ENTRYPOINT");
    if (entrypoints.isEmpty()) {
      return; // the base image's own (Flink's): checked in theJobJarStartsTheJobsMainClass
    }
    JsonNode command = new ObjectMapper().readTree(entrypoints.get(entrypoints.size() - 1));
    Matcher mainClass = Pattern.compile("\\bio\\.advstream(\\.\\w+)+").matcher(command.toString());

    assertThat(mainClass.find()).as("a main class in %s", command).isTrue();
    Method main = Class.forName(mainClass.group()).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
  }

  @Test
  void theJobJarStartsTheJobsMainClass() throws IOException {
    Path jar = Repository.root().resolve("app/target/advstream-job.jar");
    String entryClass =
        Manifests.ofKustomization(Repository.k8s().resolve("base"))
            .one("FlinkDeployment", "augment-job", FlinkDeployment.class)
            .getSpec()
            .getJob()
            .getEntryClass();

    try (JarFile job = new JarFile(jar.toFile())) {
      assertThat(job.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(entryClass);
      assertThat(job.getEntry(entryClass.replace('.', '/') + ".class")).isNotNull();
    }
  }

  /** The patterns .dockerignore lets through after excluding everything. */
  private static List<String> dockerignoreExceptions() throws IOException {
    List<String> lines =
        Files.readAllLines(Repository.root().resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(lines.get(0)).as("first rule of .dockerignore").isEqualTo("*");
    return lines.stream()
        .filter(l -> l.startsWith("!"))
        .map(l -> l.substring(1).replaceAll("/$", ""))
        .toList();
  }

  private static boolean matches(String pattern, String source) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    String path = source.replaceAll("/$", "");
    return matcher.matches(Path.of(path));
  }
}
