package io.advstream.app;

import io.advstream.app.config.ConfigFile;
import io.advstream.app.config.ResolvedConfig;
import io.advstream.app.experiment.Grid;
import io.advstream.app.experiment.MetricsFile;
import io.advstream.app.experiment.RobustFile;
import io.advstream.app.experiment.RunRecord;
import io.advstream.app.experiment.SharedStreams;
import io.advstream.app.support.ConsoleView;
import io.advstream.app.support.FlinkTarget;
import io.advstream.app.support.JobJar;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.ImageSource;
import io.advstream.model.DomainRouting;
import io.advstream.model.TrainingMode;
import io.advstream.model.attack.AttackSpec;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.job.AugmentJobMain;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.schemas.Topics;
import io.advstream.trainer.AdversarialConfig;
import io.advstream.trainer.TrainerListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * One run of a grid: a demo run with the variant's options and the run's seed, its own consumer
 * group and run directory, then {@code eval --robust} of its export.
 *
 * <p>A run whose job does not attack the trainer's snapshots reads a shared stream: the images of
 * every epoch are sent, the job tags them as a bounded job, and the trainer then reads the complete
 * topic. Runs with the same stream reuse it, and a killed run resumes from its checkpoint on it. A
 * run whose job attacks the trainer's snapshots cannot share or replay its stream — its samples
 * depend on the trainer they were made against — so it runs as the demo does, live and paced, and a
 * killed one starts again on topics of its own.
 */
final class ExperimentRun {
  /**
   * Where the grid runs: one Kafka cluster, local Flink or a cluster, one dataset.
   *
   * @param inputStats the dataset's pixel statistics for runs that leave {@code input-stats} at
   *     auto, computed once for the grid; or null
   */
  record Setting(
      String gridName,
      Path runsDir,
      KafkaConnection kafka,
      Path dataDir,
      FlinkClusterOptions cluster,
      int webUiPort,
      String inputStats) {}

  private final Grid grid;
  private final Grid.Run run;
  private final Setting setting;
  private final Path runDir;

  ExperimentRun(Grid grid, Grid.Run run, Setting setting) {
    this.grid = grid;
    this.run = run;
    this.setting = setting;
    this.runDir = setting.runsDir().resolve(run.path());
  }

  Path dir() {
    return runDir;
  }

  /** A demo command parsed from the run's options and {@code runnerArgs}, not yet resolved. */
  private DemoCommand parse(List<String> runnerArgs) {
    DemoCommand demo = new DemoCommand();
    CommandLine cli = Main.commandLine(demo);
    String source = "grid " + grid.name() + ", variant " + run.variant().name();
    cli.setDefaultValueProvider(
        ConfigFile.of(source, run.variant().options(), cli.getCommandSpec()));
    try {
      cli.parseArgs(runnerArgs.toArray(String[]::new));
    } catch (ParameterException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    return demo;
  }

  private DemoPlan resolve(DemoCommand demo) {
    try {
      return DemoPlan.resolve(demo);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(
          "grid " + grid.name() + ", variant " + run.variant().name() + ": " + e.getMessage(), e);
    }
  }

  /** What the run will do, resolved from its options: refuses a run that could not start. */
  Plan plan() {
    DemoCommand demo = parse(runnerArgs("exp.plan", "exp.plan"));
    DemoPlan plan = resolve(demo);
    boolean live = demo.job.adversarial != null;
    List<String> description = new ArrayList<>();
    description.add("data=" + setting.dataDir().toAbsolutePath());
    description.add("images=" + plan.images());
    description.add("epochs=" + demo.epochs);
    description.add("seed=" + run.seed());
    description.addAll(demo.job.toArgs());
    return new Plan(live, live ? null : SharedStreams.id(description), description, plan);
  }

  /**
   * @param live the job attacks the trainer's snapshots: no shared stream
   * @param streamId the shared stream's id, or null
   * @param stream what makes the stream what it is
   */
  record Plan(boolean live, String streamId, List<String> stream, DemoPlan demo) {}

  /** Runs it and writes its {@code run.json}, done or failed; returns the record. */
  RunRecord execute(Plan plan, SharedStreams streams) {
    long start = System.nanoTime();
    double streamSeconds = 0;
    String topic = null;
    DemoCommand demo = null;
    try {
      if (plan.live()) {
        String prefix = runPrefix() + ".t" + System.currentTimeMillis();
        demo = parse(runnerArgs(prefix, runPrefix()));
        topic = demo.job.outputTopic;
        runLive(demo);
      } else {
        SharedStreams.Stream stream =
            streams.find(plan.streamId()).filter(SharedStreams.Stream::complete).orElse(null);
        if (stream != null && !stillThere(stream)) {
          System.out.printf("Stream %s is gone from the cluster: making it again%n", stream.id());
          stream = null;
        }
        if (stream == null) {
          stream = streams.startAttempt(plan.stream());
          demo = parse(runnerArgs(stream.prefix(setting.gridName()), runPrefix()));
          long t = System.nanoTime();
          long samples = makeStream(demo, resolve(demo));
          streamSeconds = (System.nanoTime() - t) / 1e9;
          stream = streams.complete(stream, samples, streamSeconds);
        } else {
          System.out.printf(
              "Stream %s: reusing %s (%,d samples)%n",
              stream.id(), stream.prefix(setting.gridName()) + ".tagged", stream.samples());
        }
        List<String> args = runnerArgs(stream.prefix(setting.gridName()), runPrefix());
        if (!run.variant().options().has("snapshot-every")) {
          args.add("--snapshot-every=0"); // no job attacks this run's snapshots
        }
        demo = parse(args);
        topic = demo.job.outputTopic;
        resolve(demo);
        train(demo);
      }
      double trainEnd = (System.nanoTime() - start) / 1e9;
      evaluate(demo);
      double evalSeconds = (System.nanoTime() - start) / 1e9 - trainEnd;
      RunRecord done =
          record(demo, plan, RunRecord.DONE, topic, start, streamSeconds, evalSeconds, null);
      done.write(runDir);
      return done;
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      RunRecord failed =
          record(demo, plan, RunRecord.FAILED, topic, start, streamSeconds, 0, reason);
      failed.write(runDir);
      return failed;
    }
  }

  /** The live path: the demo itself, with the grid's settings. */
  private void runLive(DemoCommand demo) throws Exception {
    int code = demo.call();
    if (code != 0) {
      throw new IllegalStateException("the run's pipeline ended with exit code " + code);
    }
  }

  /** Sends every epoch's images, tags them with a bounded job; returns the committed samples. */
  private long makeStream(DemoCommand demo, DemoPlan plan) throws Exception {
    KafkaConnection kafka = setting.kafka();
    TopicAdmin.ensureTopics(kafka, 2, demo.job.topics(demo.snapshots.name));
    AtomicLong sent = new AtomicLong();
    System.out.printf(
        "Making stream %s: %,d images (%d epoch(s) of %,d) through %s%n",
        demo.job.outputTopic,
        plan.imagesSent(),
        demo.epochs,
        plan.images(),
        plan.describeDomains());
    try (ImageSource source = Datasets.open(setting.dataDir(), "train");
        Ingestor ingestor = new Ingestor(kafka)) {
      ingestor.ingest(source, demo.ingestOptions(plan), sent::set);
    }
    int branches = demo.job.branches(kafka, demo.snapshots.name, true).size();
    FlinkTarget flink =
        setting.cluster().target(setting.webUiPort(), setting.runsDir().resolve(".flink"));
    String state;
    if (flink.isLocal()) {
      AugmentJob job =
          new AugmentJob(
              demo.job.toConfig(kafka, true), demo.job.branches(kafka, demo.snapshots.name, true));
      var client = flink.submit(job, "advstream-experiment-stream", null);
      try (ConsoleView view =
          new ConsoleView(flink.rest(), client.getJobID().toString(), System.out, sent::get)
              .start()) {
        client.getJobExecutionResult().get();
      }
      state = "FINISHED";
    } else {
      String jobId =
          flink.submitJobJar(
              JobJar.locate(setting.cluster().jobJar),
              AugmentJobMain.arguments(kafka, demo.job, demo.snapshots.name, true),
              null);
      try (ConsoleView view = new ConsoleView(flink.rest(), jobId, System.out, sent::get).start()) {
        state = flink.rest().awaitTermination(jobId, Duration.ofSeconds(1));
      }
    }
    if (!state.equals("FINISHED")) {
      throw new IllegalStateException("the stream's job ended " + state);
    }
    long expected = plan.imagesSent() * branches;
    long committed =
        TopicReader.countCommitted(kafka, demo.job.outputTopic, Duration.ofSeconds(60));
    if (committed != expected) {
      throw new IllegalStateException(
          "stream "
              + demo.job.outputTopic
              + " holds "
              + committed
              + " committed samples, expected "
              + expected
              + " ("
              + plan.imagesSent()
              + " images x "
              + branches
              + " branches)");
    }
    return committed;
  }

  /** Whether a complete stream's topic still holds its samples (the cluster may be new). */
  private boolean stillThere(SharedStreams.Stream stream) {
    String tagged = stream.prefix(setting.gridName()) + ".tagged";
    return TopicReader.countCommitted(setting.kafka(), tagged, Duration.ofSeconds(30))
        == stream.samples();
  }

  /** Trains on the complete shared stream; resumes from the run's checkpoint if it has one. */
  private void train(DemoCommand demo) throws Exception {
    demo.train.resolveInputStats(setting.dataDir(), System.out);
    Files.createDirectories(runDir);
    ResolvedConfig.write(demo.spec, runDir.resolve("config.yaml"));
    TopicAdmin.ensureTopics(
        setting.kafka(), 2, List.of(Topics.MODEL_SNAPSHOTS.named(demo.snapshots.name)));
    demo.trainingSession(setting.kafka(), setting.dataDir(), 100)
        .run(demo.train.threads, () -> false, new TrainerListener() {});
  }

  /** {@code eval --robust} of the export with each BN set the grid compares. */
  private void evaluate(DemoCommand demo) {
    for (String set : evaluatedSets(demo)) {
      boolean main = set.equals("main");
      List<String> args = new ArrayList<>(List.of("--robust"));
      args.add("--model-dir=" + runDir.resolve(main ? "train/export" : "train/export-all-bn"));
      args.add("--output=" + runDir.resolve(RobustFile.name(set)));
      args.add("--seed=" + run.seed());
      args.add("--data=" + setting.dataDir().toAbsolutePath());
      if (!main) {
        args.add("--bn-set=" + set);
      }
      Path baseline =
          setting
              .runsDir()
              .resolve(grid.baseline() + "/seed-" + run.seed())
              .resolve(RobustFile.name("main"));
      if (!run.variant().name().equals(grid.baseline()) && Files.exists(baseline)) {
        args.add("--mce-baseline=" + baseline);
      }
      CommandLine eval = Main.commandLine(new EvalCommand());
      eval.setDefaultValueProvider(
          ConfigFile.of("grid " + grid.name() + ", eval", grid.eval(), eval.getCommandSpec()));
      int code = eval.execute(args.toArray(String[]::new));
      if (code != 0) {
        throw new IllegalStateException(
            "eval --robust of " + run.path() + " with BN set " + set + " exited with " + code);
      }
    }
  }

  /** The grid's BN sets that this run's network has (vanilla has main only). */
  private List<String> evaluatedSets(DemoCommand demo) {
    List<String> sets =
        TrainingMode.parse(demo.train.mode).networkSets(DomainRouting.parse(demo.train.routing));
    return grid.evalBnSets().stream().filter(sets::contains).toList();
  }

  private RunRecord record(
      DemoCommand demo,
      Plan plan,
      String status,
      String topic,
      long start,
      double streamSeconds,
      double evalSeconds,
      String error) {
    MetricsFile metrics = MetricsFile.read(runDir.resolve("train/metrics.csv"));
    double accuracy = RobustFile.cleanAccuracy(runDir.resolve(RobustFile.name("main")));
    String model = demo == null ? null : demo.train.model;
    String mode = demo == null ? null : demo.train.mode.toLowerCase(Locale.ROOT);
    return new RunRecord(
        grid.name(),
        run.variant().name(),
        run.variant().description(),
        run.seed(),
        status,
        model,
        mode,
        plan.demo().produced(),
        demo == null ? null : attack(demo),
        metrics.steps(),
        demo == null ? 0 : demo.train.batchSize,
        (System.nanoTime() - start) / 1e9,
        streamSeconds,
        metrics.seconds(),
        evalSeconds,
        metrics.imagesPerSecond(),
        accuracy,
        topic == null ? null : new RunRecord.Stream(topic, !plan.live()),
        demo == null ? List.of() : evaluatedSets(demo),
        error);
  }

  /** The attack that made the run's adversarial samples: the trainer's or the job's, or none. */
  private static RunRecord.Attack attack(DemoCommand demo) {
    String spec;
    String where;
    if (AdversarialConfig.TRAINER.equalsIgnoreCase(demo.train.advSource.strip())) {
      spec = demo.train.attack;
      where = "trainer";
    } else if (demo.job.adversarial != null && !demo.job.adversarial.equals(DemoPlan.NONE)) {
      spec = demo.job.adversarial;
      where = "pipeline";
    } else {
      return null;
    }
    AttackSpec parsed = AttackSpec.parse(spec);
    return new RunRecord.Attack(
        parsed.toString(),
        parsed.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        parsed.eps(),
        parsed.iterations(),
        where);
  }

  /** {@code exp.GRID.VARIANT.sSEED}: the run's own topics and groups. */
  private String runPrefix() {
    return "exp." + setting.gridName() + "." + run.variant().name() + ".s" + run.seed();
  }

  /**
   * The options the runner sets: where the run reads and writes, and its seed.
   *
   * @param stream prefix of the stream's topics and the job's group
   * @param own prefix of the run's own topics and the trainer's group
   */
  private List<String> runnerArgs(String stream, String own) {
    List<String> args = new ArrayList<>();
    args.add("--bootstrap-servers=" + setting.kafka().bootstrapServers());
    for (Map.Entry<String, String> p : setting.kafka().clientProperties().entrySet()) {
      args.add("--kafka-property=" + p.getKey() + "=" + p.getValue());
    }
    if (!setting.kafka().configFile().isEmpty()) {
      args.add("--kafka-config=" + setting.kafka().configFile());
    }
    args.add("--data=" + setting.dataDir().toAbsolutePath());
    args.add("--no-install-data");
    args.add("--no-bad-records");
    args.add("--seed=" + run.seed());
    args.add("--augment-seed=" + run.seed());
    args.add("--shuffle-seed=" + run.seed());
    args.add("--work-dir=" + runDir);
    args.add("--web-ui-port=" + setting.webUiPort());
    if (setting.cluster().remote()) {
      args.add("--flink-address=" + setting.cluster().flinkAddress);
      if (setting.cluster().jobJar != null) {
        args.add("--job-jar=" + setting.cluster().jobJar);
      }
    }
    args.add("--input-topic=" + stream + ".raw");
    args.add("--output-topic=" + stream + ".tagged");
    args.add("--dlq-topic=" + stream + ".dlq");
    args.add("--group=" + stream + ".job");
    args.add("--transactional-id-prefix=" + stream);
    args.add("--snapshots-topic=" + own + ".snapshots");
    args.add("--trainer-group=" + own + ".trainer");
    if (setting.inputStats() != null && !run.variant().options().has("input-stats")) {
      args.add("--input-stats=" + setting.inputStats());
    }
    return args;
  }
}
