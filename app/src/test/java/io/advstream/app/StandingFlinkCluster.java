package io.advstream.app;

import io.advstream.app.support.FlinkRestClient;
import io.advstream.app.support.LocalFlink;
import io.advstream.app.support.Ports;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A standing Flink cluster for tests that submit the job jar: a MiniCluster in a child JVM whose
 * class path holds Flink and its own libraries, like the lib/ of a Flink distribution, and nothing
 * the job brings: none of our modules, no Avro, Kafka client, Kafka connector, ND4J or picocli. A
 * job runs there only with what its jar carries. The cluster is set up as {@link LocalFlink} sets
 * up the CLI's local one: REST and every other endpoint on 127.0.0.1.
 */
final class StandingFlinkCluster implements AutoCloseable {
  /** Packages that must come from the job jar, not from the cluster. */
  static final List<String> JOB_PACKAGES =
      List.of(
          "io/advstream/",
          "org/apache/avro/",
          "org/apache/kafka/",
          "kafka/",
          "scala/",
          "org/apache/flink/connector/kafka/",
          "org/apache/flink/formats/avro/",
          "org/nd4j/",
          "org/bytedeco/",
          "org/deeplearning4j/",
          "picocli/",
          // a Flink distribution has Jackson only relocated (flink-shaded-jackson)
          "com/fasterxml/jackson/");

  /** Jars of the job's libraries by name, also those that hold only metadata. */
  static final Pattern JOB_LIBRARIES =
      Pattern.compile(
          ".*/(advstream-|avro-|flink-avro|kafka|flink-connector-kafka|nd4j|javacpp|openblas|picocli)"
              + "[^/]*\\.jar");

  /**
   * What a Flink distribution's config.yaml passes every JVM it starts ({@code
   * env.java.default-opts.all}): running a jar's main needs reflective access to java.util.
   */
  private static final List<String> FLINK_JVM_OPTIONS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final Process process;
  private final int restPort;
  private final Path log;
  private final List<String> classPath;

  private StandingFlinkCluster(Process process, int restPort, Path log, List<String> classPath) {
    this.process = process;
    this.restPort = restPort;
    this.log = log;
    this.classPath = classPath;
  }

  /**
   * Starts the cluster and waits until its REST API answers.
   *
   * @param workDir the cluster's uploads, checkpoints, native library cache and log
   */
  static StandingFlinkCluster start(Path workDir) throws Exception {
    Files.createDirectories(workDir);
    int port = Ports.preferredOrFree(0);
    Configuration conf = LocalFlink.configuration(port, workDir);
    List<String> classPath = flinkOnlyClassPath();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Djava.net.preferIPv4Stack=true",
                "-Dorg.bytedeco.javacpp.maxbytes=768m",
                // JavaCPP unpacks the job jar's natives here rather than in ~/.javacpp
                "-Dorg.bytedeco.javacpp.cachedir=" + workDir.resolve("javacpp-cache")));
    command.addAll(FLINK_JVM_OPTIONS);
    command.addAll(TestJvmFlags.jit());
    command.addAll(
        List.of(
            "-cp",
            String.join(File.pathSeparator, classPath),
            StandingFlinkCluster.class.getName()));
    conf.toMap().forEach((key, value) -> command.add(key + "=" + value));
    Path log = workDir.resolve("cluster.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("OMP_NUM_THREADS", "2");
    StandingFlinkCluster cluster = new StandingFlinkCluster(builder.start(), port, log, classPath);
    cluster.awaitRest(Duration.ofSeconds(90));
    return cluster;
  }

  int restPort() {
    return restPort;
  }

  /** The class path the cluster runs with. */
  List<String> classPath() {
    return classPath;
  }

  /** The end of the cluster's log, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no cluster log: " + e.getMessage() + ")";
    }
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  private void awaitRest(Duration timeout) throws Exception {
    FlinkRestClient rest = new FlinkRestClient(LocalFlink.LOOPBACK, restPort);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Flink cluster exited:\n" + logTail());
      }
      try {
        rest.jarIds();
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          close();
          throw new IllegalStateException("the Flink cluster did not answer:\n" + logTail());
        }
        Thread.sleep(250);
      }
    }
  }

  /** Stops the cluster: closing its stdin ends it; a cluster that hangs is killed. */
  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * This test JVM's class path without any jar that holds anything of {@link #JOB_PACKAGES}, plus
   * the directory holding this class (the cluster's main).
   */
  private static List<String> flinkOnlyClassPath() throws Exception {
    List<String> entries = new ArrayList<>();
    entries.add(
        Path.of(
                StandingFlinkCluster.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            .toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar")
          && !JOB_LIBRARIES.matcher(entry).matches()
          && !holdsJobClasses(Path.of(entry))) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /** Whether a jar holds classes or resources (natives) of {@link #JOB_PACKAGES}. */
  private static boolean holdsJobClasses(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().anyMatch(e -> JOB_PACKAGES.stream().anyMatch(e.getName()::startsWith));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }

  /**
   * The child JVM: a MiniCluster with the configuration given as {@code key=value} arguments, up
   * until its stdin closes (the test is done, or its JVM died).
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    Arrays.stream(args).map(arg -> arg.split("=", 2)).forEach(kv -> settings.put(kv[0], kv[1]));
    try (MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(Configuration.fromMap(settings))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build())) {
      cluster.start();
      System.out.println("Flink cluster up, REST at " + cluster.getRestAddress().get());
      while (System.in.read() != -1) {
        // wait for the parent to close stdin
      }
    }
  }
}
