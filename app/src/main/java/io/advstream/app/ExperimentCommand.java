package io.advstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.advstream.app.experiment.Grid;
import io.advstream.app.experiment.GridFile;
import io.advstream.app.experiment.GridProgress;
import io.advstream.app.experiment.RunRecord;
import io.advstream.app.experiment.SharedStreams;
import io.advstream.app.support.BrokerProcess;
import io.advstream.app.support.Ports;
import io.advstream.pipeline.kafka.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs an experiment grid through the pipeline, run by run, resumable. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "Run an experiment grid (YAML): every variant once per seed, each a full pipeline run"
          + " (Kafka, the Flink job with the branches the variant needs, the trainer) with its own"
          + " consumer group and run directory (resolved config.yaml, train/metrics.csv,"
          + " checkpoints, export), then 'eval --robust' of its export (robust.json) and its"
          + " run.json. 'advstream report RUNS_DIR' then compares the variants.",
      "Runs whose streams are the same (data, images, epochs, seed and job options, and a job that"
          + " does not attack the trainer's snapshots) share one tagged topic, made once by a"
          + " bounded job. A variant whose job attacks the trainer's snapshots runs live, as the"
          + " demo does.",
      "Resumable: started again with the same runs directory, finished runs are skipped and a"
          + " killed run resumes from its checkpoint (a live run starts again, since its samples"
          + " depend on the trainer they were made against). Run options are those of 'demo' plus"
          + " the grid's; see experiments/*.yaml."
    })
final class ExperimentCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(paramLabel = "GRID", description = "The grid file, e.g. experiments/baselines.yaml.")
  Path gridFile;

  @Mixin KafkaOptions kafka;
  @Mixin DataOptions dataset;
  @Mixin FlinkClusterOptions cluster;

  @Option(
      names = "--quick",
      description = "Run the grid's quick size (its 'quick' section): minutes instead of hours.")
  boolean quick;

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      description =
          "Where the runs go; the same directory resumes the grid (default: runs/GRID-NAME, or"
              + " runs/GRID-NAME-quick with --quick).")
  Path runsDir;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "VARIANT",
      description = "Run these variants only (the others are left as they are).")
  List<String> only = new ArrayList<>();

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "SEED",
      description = "Run these of the grid's seeds only (the others are left as they are).")
  List<Long> seeds = new ArrayList<>();

  @Option(
      names = "--dry-run",
      description = "Check the grid and print its runs and shared streams; run nothing.")
  boolean dryRun;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081",
      description = "Local Flink Web UI port; a free one if busy (default: ${DEFAULT-VALUE}).")
  int webUiPort;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description =
          "Port of the embedded broker started without --bootstrap-servers; a free one if busy"
              + " (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  private String inputStats;

  @Override
  public Integer call() throws Exception {
    Grid grid =
        GridFile.load(
            gridFile,
            quick,
            Main.commandLine(new DemoCommand()).getCommandSpec(),
            Main.commandLine(new EvalCommand()).getCommandSpec());
    Path dir = runsDir != null ? runsDir : Path.of("runs", grid.name() + (quick ? "-quick" : ""));
    List<String> variants = grid.variants().stream().map(Grid.Variant::name).toList();
    for (String v : only) {
      if (!variants.contains(v)) {
        throw new CommandLine.ParameterException(
            Main.commandLine(this),
            "--only " + v + ": not a variant of " + gridFile + ": " + variants);
      }
    }
    for (Long seed : seeds) {
      if (!grid.seeds().contains(seed)) {
        throw new CommandLine.ParameterException(
            Main.commandLine(this),
            "--seeds " + seed + ": not a seed of " + gridFile + ": " + grid.seeds());
      }
    }
    Path dataDir = dataset.resolveDirectory().toAbsolutePath();
    inputStats = inputStatsOf(dataDir);
    KafkaConnection placeholder = kafka.connectionTo("127.0.0.1:9092");
    Map<Grid.Run, ExperimentRun.Plan> plans = new LinkedHashMap<>();
    for (Grid.Run run : grid.runs()) {
      // Every run is resolved before any starts: a bad variant fails now, not hours in.
      ExperimentRun planned =
          new ExperimentRun(grid, run, setting(grid, dir, placeholder, dataDir));
      plans.put(run, planned.plan());
    }
    printPlan(grid, dir, plans);
    if (dryRun) {
      return 0;
    }
    Files.createDirectories(dir);
    Files.copy(gridFile, dir.resolve("grid.yaml"), StandardCopyOption.REPLACE_EXISTING);
    writeGridJson(grid, dir);
    BrokerProcess broker = null;
    try {
      KafkaConnection connection;
      if (kafka.external()) {
        connection = kafka.connectionOrDefault();
      } else {
        broker =
            BrokerProcess.start(
                Ports.preferredOrFree(kafkaPort),
                dir.resolve(".broker"),
                dir.resolve("logs/broker.log"));
        connection = kafka.connectionTo(broker.bootstrapServers());
        System.out.println("Kafka: embedded broker on " + connection.bootstrapServers());
      }
      return runAll(grid, dir, plans, setting(grid, dir, connection, dataDir));
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private int runAll(
      Grid grid, Path dir, Map<Grid.Run, ExperimentRun.Plan> plans, ExperimentRun.Setting setting) {
    List<Grid.Run> todo = new ArrayList<>();
    int chosen = 0;
    for (Grid.Run run : plans.keySet()) {
      if (selected(run)) {
        chosen++;
        if (!RunRecord.read(dir.resolve(run.path())).map(RunRecord::done).orElse(false)) {
          todo.add(run);
        }
      }
    }
    // The baseline first: the others' mCE is against its robust.json of the same seed.
    todo.sort((a, b) -> Boolean.compare(!isBaseline(grid, a), !isBaseline(grid, b)));
    GridProgress progress = new GridProgress(chosen, chosen - todo.size());
    SharedStreams streams = new SharedStreams(dir);
    List<String> failed = new ArrayList<>();
    System.out.println("[" + progress.line() + "]");
    for (Grid.Run run : todo) {
      System.out.printf("%n=== %s (%s)%n", run.path(), run.variant().description());
      long start = System.nanoTime();
      RunRecord result = new ExperimentRun(grid, run, setting).execute(plans.get(run), streams);
      progress.ran((System.nanoTime() - start) / 1e9, result.done());
      if (result.done()) {
        System.out.printf(
            "=== %s done in %.0f s: clean accuracy %.4f [%s]%n",
            run.path(), result.wallClockSeconds(), result.heldOutAccuracy(), progress.line());
      } else {
        failed.add(run.path() + ": " + result.error());
        System.out.printf("=== %s FAILED: %s [%s]%n", run.path(), result.error(), progress.line());
      }
    }
    System.out.printf("%nRuns in %s. Report: advstream report %s%n", dir, dir);
    if (!failed.isEmpty()) {
      System.err.println("Failed runs (run the grid again to retry them):");
      failed.forEach(f -> System.err.println("  " + f));
      return 1;
    }
    return 0;
  }

  /** Whether --only and --seeds leave the run in. */
  private boolean selected(Grid.Run run) {
    return (only.isEmpty() || only.contains(run.variant().name()))
        && (seeds.isEmpty() || seeds.contains(run.seed()));
  }

  private static boolean isBaseline(Grid grid, Grid.Run run) {
    return run.variant().name().equals(grid.baseline());
  }

  private ExperimentRun.Setting setting(
      Grid grid, Path dir, KafkaConnection connection, Path dataDir) {
    return new ExperimentRun.Setting(
        grid.name(), dir, connection, dataDir, cluster, webUiPort, inputStats);
  }

  /** The train split's pixel statistics, once for every run that leaves them at auto. */
  private static String inputStatsOf(Path dataDir) throws java.io.IOException {
    DemoCommand defaults = new DemoCommand();
    Main.commandLine(defaults).parseArgs("--data=" + dataDir);
    defaults.train.resolveInputStats(dataDir, System.out);
    return defaults.train.inputStats;
  }

  private void printPlan(Grid grid, Path dir, Map<Grid.Run, ExperimentRun.Plan> plans) {
    System.out.printf(
        "Grid %s%s: %d variants x %d seeds = %d runs in %s%n",
        grid.name(),
        grid.quick() ? " (quick)" : "",
        grid.variants().size(),
        grid.seeds().size(),
        plans.size(),
        dir);
    Set<String> streams = new LinkedHashSet<>();
    plans.forEach(
        (run, plan) -> {
          boolean done = RunRecord.read(dir.resolve(run.path())).map(RunRecord::done).orElse(false);
          String stream =
              plan.live()
                  ? "live (the job attacks the trainer's snapshots)"
                  : "stream " + plan.streamId();
          if (!plan.live()) {
            streams.add(plan.streamId());
          }
          String state = !selected(run) ? "left out" : done ? "done" : "to run";
          System.out.printf(
              "  %-32s %-8s %s, %s%n", run.path(), state, plan.demo().describeDomains(), stream);
        });
    System.out.printf("%d shared streams for %d runs%n", streams.size(), plans.size());
  }

  /** {@code grid.json}: what the report needs of the grid. */
  private static void writeGridJson(Grid grid, Path dir) throws java.io.IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", grid.name());
    json.put("description", grid.description());
    json.put("quick", grid.quick());
    json.put("seeds", grid.seeds());
    json.put("baseline", grid.baseline());
    json.put("sideBySide", grid.sideBySide());
    json.put("evalBnSets", grid.evalBnSets());
    List<Map<String, String>> variants = new ArrayList<>();
    for (Grid.Variant v : grid.variants()) {
      variants.add(Map.of("name", v.name(), "description", v.description()));
    }
    json.put("variants", variants);
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("grid.json").toFile(), json);
  }
}
