package io.advstream.trainer;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ModelSnapshot;
import io.advstream.model.DomainRouting;
import io.advstream.model.ModelSnapshots;
import io.advstream.model.NetworkState;
import io.advstream.model.StepRunner;
import io.advstream.model.TrainingMode;
import io.advstream.model.attack.AdvPropStep;
import io.advstream.model.attack.Attacker;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous training from a stream of tagged samples. Each step takes B clean samples and B·ratio
 * of every auxiliary group, runs them through the shared layers together with one BN set per group
 * (AdvProp), and updates. Samples pass an optional {@link ShuffleBuffer} per group on their way to
 * the {@link BatchAssembler}. Checkpoints hold model, optimizer, read positions and the samples
 * read but not yet trained (with the shuffle buffer's draws), so a restarted trainer continues
 * exactly where the checkpoint was: no sample skipped, none trained twice, the same order.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final Duration STARVING_AFTER = Duration.ofSeconds(10);

  private final TrainerConfig config;
  private final SampleSource source;
  private final TrainerSink sink;
  private final TrainerListener listener;
  private final Network network;
  private final Sgd sgd;
  private final StepRunner runner;
  private final AdvPropStep adversarialStep;
  private final SampleDecoder decoder;
  private final ShuffleBuffer shuffle;
  private final BatchAssembler assembler;
  private final Map<String, StepRunner.Group> groups = new LinkedHashMap<>();
  private final CheckpointStore checkpoints;
  private final Map<String, Long> consumed = new LinkedHashMap<>();
  private final List<SourceRecord> pending = new ArrayList<>();
  private final Set<String> ignoredKinds = new HashSet<>();
  private final Map<String, List<String>> domainsPerSet;
  private final String attackedSet;
  private Staleness lastStaleness;
  private long step;
  private long snapshotVersion;
  private long lastStepNanos = System.nanoTime();

  public Trainer(
      TrainerConfig config, SampleSource source, TrainerSink sink, TrainerListener listener) {
    this.config = config;
    this.source = source;
    this.sink = sink;
    this.listener = listener;
    DomainRouting routing = config.mode().effectiveRouting(config.routing());
    List<String> networkSets = config.mode().networkSets(config.routing());
    this.domainsPerSet = routing.domainsPerSet();
    String adversarialSet = adversarialSet(config, routing);
    this.attackedSet = adversarialSet;
    if (adversarialSet != null) {
      routing = routing.without(Domain.ADVERSARIAL); // made here, not read from the topic
    }
    this.network =
        ModelRegistry.create(
            config.architecture(),
            config.input(),
            config.classes(),
            networkSets,
            config.seed(),
            DataType.FLOAT,
            config.inputStats());
    Map<String, Integer> perStep = new LinkedHashMap<>();
    for (String group : routing.bnSets()) {
      int set = Math.max(0, networkSets.indexOf(group));
      groups.put(group, new StepRunner.Group(group, set, 1.0));
      perStep.put(
          group,
          group.equals(DomainRouting.MAIN)
              ? config.batchSize()
              : (int) Math.max(1, Math.round(config.batchSize() * config.auxRatio())));
    }
    this.shuffle = new ShuffleBuffer(config.shuffleBuffer(), config.seed());
    this.assembler = new BatchAssembler(perStep, config.maxBuffered());
    this.decoder = new SampleDecoder(config.input(), config.classes(), routing);
    this.sgd = new Sgd(config.momentum(), config.nesterov(), config.weightDecay());
    this.runner =
        new StepRunner(
            network,
            sgd,
            LearningRateSchedule.named(
                config.schedule(), config.lr(), config.warmupSteps(), config.totalSteps()),
            new SoftmaxCrossEntropy(config.labelSmoothing()));
    this.adversarialStep =
        adversarialSet == null
            ? null
            : new AdvPropStep(
                runner,
                Attacker.parse(config.adversarial().attack()),
                new StepRunner.Group(
                    adversarialSet, Math.max(0, networkSets.indexOf(adversarialSet)), 1.0),
                AdvPropStep.Mode.parse(config.adversarial().mode()),
                config.adversarial().fraction());
    this.checkpoints = new CheckpointStore(config.runDir().resolve("checkpoints"), 3);
    restore();
    if (config.snapshotEvery() > 0) {
      long published = sink.lastPublishedVersion();
      if (published > snapshotVersion) {
        LOG.info(
            "snapshot versions continue after {}, the newest on the topic (checkpoint had {})",
            published,
            snapshotVersion);
        snapshotVersion = published;
      }
    }
  }

  /**
   * The BN set of trainer-made adversarial examples, or null when they come from the pipeline.
   *
   * @throws IllegalArgumentException when the routing gives them no set of their own
   */
  /** The groups a step trains: those read from the topic, then the one attacked here. */
  public List<String> trainedGroups() {
    List<String> names = new ArrayList<>(groups.keySet());
    if (attackedSet != null && !names.contains(attackedSet)) {
      names.add(attackedSet);
    }
    return names;
  }

  private static String adversarialSet(TrainerConfig config, DomainRouting routing) {
    if (!config.adversarial().inTrainer()) {
      return null;
    }
    if (config.mode() == TrainingMode.VANILLA || config.mode() == TrainingMode.FINETUNE) {
      throw new IllegalArgumentException(
          "--adv-source trainer needs --mode advprop or advtrain, got " + config.mode());
    }
    String set =
        routing
            .route(Domain.ADVERSARIAL, "")
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--adv-source trainer needs the adversarial domain routed, e.g. --routing"
                            + " clean=main,adversarial=aux1; got "
                            + routing));
    if (routing.without(Domain.ADVERSARIAL).bnSets().contains(set)) {
      throw new IllegalArgumentException(
          "--adv-source trainer: BN set "
              + set
              + " of the adversarial domain also trains other domains ("
              + routing
              + "); give it a set of its own");
    }
    return set;
  }

  private void restore() {
    Optional<Checkpoint> latest = checkpoints.latest();
    if (latest.isPresent()) {
      Checkpoint c = latest.get();
      NetworkState.restore(network, c.network());
      sgd.restore(c.optimizer());
      step = c.step();
      snapshotVersion = c.snapshotVersion();
      source.seek(c.positions());
      consumed.putAll(c.positions());
      Map<String, List<TrainingSample>> held = new LinkedHashMap<>();
      c.shuffle().held().forEach((set, records) -> held.put(set, restored(records, c)));
      shuffle.restore(held, c.shuffle().draws());
      restored(c.waiting(), c).forEach(assembler::putBack);
      LOG.info(
          "resumed from step {} ({} samples waiting, {} in the shuffle buffer, positions {})",
          step,
          assembler.waiting().size(),
          held.values().stream().mapToInt(List::size).sum(),
          c.positions());
      return;
    }
    consumed.putAll(source.positions());
    if (config.initFrom() != null) {
      NetworkState.restore(network, ModelFiles.readArrays(config.initFrom()));
      LOG.info("initialised from {}", config.initFrom());
    }
  }

  /**
   * The samples of a checkpoint's records that its positions cover. Older checkpoints also kept
   * records polled but not looked at; those lie at or after the positions and are read again.
   *
   * @throws IllegalStateException if a record no longer makes a sample for this run
   */
  private List<TrainingSample> restored(List<SourceRecord> records, Checkpoint c) {
    List<TrainingSample> samples = new ArrayList<>();
    for (SourceRecord record : records) {
      RecordPosition at = record.position();
      Long next = c.positions().get(at.topic() + "/" + at.partition());
      if (next == null || at.offset() >= next) {
        continue;
      }
      if (!(decoder.decode(record.value(), at) instanceof SampleDecoder.Accepted a)) {
        throw new IllegalStateException(
            "the checkpoint of step "
                + c.step()
                + " holds sample "
                + at
                + ", which this run's configuration does not train");
      }
      samples.add(a.sample());
    }
    return samples;
  }

  /** Trains until the last step or until {@code stop} says so, then checkpoints. */
  public void run(BooleanSupplier stop) {
    listener.onStart(step, trainedGroups());
    if (config.snapshotEvery() > 0) {
      // The pipeline's attackers need a model before the first step, which in AdvProp waits for
      // their samples: publish the one we start from.
      publishSnapshot(Map.of());
    }
    while (step < config.lastStep() && !stop.getAsBoolean()) {
      List<SourceRecord> records = new ArrayList<>(pending);
      pending.clear();
      records.addAll(source.poll(Duration.ofMillis(200)));
      for (int i = 0; i < records.size(); i++) {
        if (step >= config.lastStep() || stop.getAsBoolean()) {
          pending.addAll(records.subList(i, records.size()));
          break;
        }
        handle(records.get(i));
      }
      reportStarving();
    }
    checkpoint();
  }

  private void handle(SourceRecord record) {
    RecordPosition at = record.position();
    consumed.put(at.topic() + "/" + at.partition(), at.offset() + 1);
    SampleDecoder.Outcome outcome = decoder.decode(record.value(), at);
    if (outcome instanceof SampleDecoder.Accepted a) {
      shuffle.offer(a.sample()).flatMap(assembler::offer).ifPresent(this::train);
    } else if (outcome instanceof SampleDecoder.Rejected r) {
      reject(record, r);
    } else if (outcome instanceof SampleDecoder.Ignored ig && ignoredKinds.add(ig.domainKey())) {
      LOG.warn(
          "not training on {} samples: mode {} with routing {}",
          ig.domainKey(),
          config.mode(),
          config.routing());
      listener.onIgnored(ig.domainKey());
    }
  }

  private void train(Map<String, List<TrainingSample>> batch) {
    List<StepRunner.GroupBatch> groupBatches = new ArrayList<>();
    batch.forEach(
        (group, samples) -> {
          List<float[]> pixels = new ArrayList<>(samples.size());
          int[] labels = new int[samples.size()];
          for (int i = 0; i < samples.size(); i++) {
            pixels.add(samples.get(i).pixels());
            labels[i] = samples.get(i).label();
          }
          groupBatches.add(
              StepRunner.GroupBatch.of(groups.get(group), pixels, labels, config.input()));
        });
    Staleness.of(batch, step)
        .ifPresent(
            s -> {
              lastStaleness = s;
              listener.onStaleness(step, s);
            });
    StepRunner.Result result =
        adversarialStep == null
            ? runner.step(groupBatches, step)
            : adversarialStep.step(groupBatches, step, attackRandom(step));
    step++;
    lastStepNanos = System.nanoTime();
    listener.onStep(step, result, batch);
    if (config.snapshotEvery() > 0 && step % config.snapshotEvery() == 0) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("loss", result.loss());
      result.groupLoss().forEach((g, l) -> metrics.put("loss." + g, l));
      publishSnapshot(metrics);
    }
    if (step % config.checkpointEvery() == 0) {
      checkpoint();
    }
  }

  /**
   * The attack's random numbers for a step: a function of the seed and the step alone, so a resumed
   * run draws exactly what an uninterrupted one would, with no generator state to checkpoint.
   */
  private SplittableRandom attackRandom(long step) {
    return new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + step);
  }

  /**
   * Publishes the current model. Its metrics include the staleness of the adversarial samples
   * trained last, so the pipeline can show in the Flink Web UI how far behind its attacks are.
   */
  private void publishSnapshot(Map<String, Double> stepMetrics) {
    snapshotVersion++;
    Map<String, Double> metrics = new LinkedHashMap<>(stepMetrics);
    if (lastStaleness != null) {
      metrics.put("staleness.steps.mean", lastStaleness.meanSteps());
      metrics.put("staleness.steps.max", (double) lastStaleness.maxSteps());
    }
    ModelSnapshot snapshot =
        ModelSnapshots.of(network, snapshotVersion, step, domainsPerSet, metrics);
    sink.snapshot(snapshot);
    listener.onSnapshot(step, snapshotVersion);
  }

  private void reject(SourceRecord record, SampleDecoder.Rejected r) {
    sink.deadLetter(
        DeadLetter.newBuilder()
            .setOriginalKey(null)
            .setOriginalValue(ByteBuffer.wrap(record.value()))
            .setTopic(record.position().topic())
            .setPartition(record.position().partition())
            .setOffset(record.position().offset())
            .setErrorKind(r.kind())
            .setMessage(r.message())
            .setStage("trainer")
            .setTime(Instant.now())
            .build());
    listener.onRejected(record.position(), r.message());
  }

  private void reportStarving() {
    long waited = (System.nanoTime() - lastStepNanos) / 1_000_000;
    List<String> starving = assembler.starving();
    if (waited >= STARVING_AFTER.toMillis()
        && !starving.isEmpty()
        && assembler.waiting().size() > 0) {
      listener.onStarving(starving, assembler.bufferedPerSet(), waited);
      lastStepNanos = System.nanoTime();
    }
  }

  /** Writes a checkpoint of the current state; outputs sent so far are flushed first. */
  public Path checkpoint() {
    sink.flush();
    // Records still pending were not looked at: the positions lie before them, so they are read
    // again after a restart, and keeping them too would train them twice.
    Map<String, Long> positions = new LinkedHashMap<>(consumed);
    Map<String, List<SourceRecord>> held = new LinkedHashMap<>();
    shuffle.held().forEach((set, samples) -> held.put(set, records(samples)));
    Path path =
        checkpoints.write(
            new Checkpoint(
                step,
                snapshotVersion,
                positions,
                records(assembler.waiting()),
                new Checkpoint.ShuffleState(held, shuffle.draws()),
                NetworkState.capture(network),
                sgd.state()));
    source.commit(positions);
    listener.onCheckpoint(step, path);
    return path;
  }

  private static List<SourceRecord> records(List<TrainingSample> samples) {
    return samples.stream().map(s -> new SourceRecord(s.raw(), s.position())).toList();
  }

  public long step() {
    return step;
  }

  public Network network() {
    return network;
  }

  public Path runDir() {
    return config.runDir();
  }
}
