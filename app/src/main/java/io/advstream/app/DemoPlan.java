package io.advstream.app;

import io.advstream.app.config.ConfigFile;
import io.advstream.model.DomainRouting;
import io.advstream.model.TrainingMode;
import io.advstream.pipeline.ingest.PassOrder;
import io.advstream.trainer.AdversarialConfig;
import io.advstream.trainer.RoutingCoverage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What the demo runs, resolved from its options before anything starts: the job's branches, the
 * trainer's routing (derived from those branches unless given), and the demo's own defaults.
 * Combinations that cannot work, or options the demo would ignore, are refused here, naming the
 * options.
 */
final class DemoPlan {
  static final String DEFAULT_POLICY = "autoaugment:cifar10";
  static final String DEFAULT_ATTACK = "pgd-linf:eps=4/255,step=4/255,iters=1,random-start=1";
  static final String NONE = "none";
  static final long MISSION_IMAGES = 8_000;
  static final long VANILLA_IMAGES = 20_000;
  static final long SNAPSHOT_EVERY = 10;

  /** --total-steps of a trainer fed a stream of unknown length: it trains until the feed stops. */
  static final long UNTIL_STOPPED = Long.MAX_VALUE;

  /** Options of the standalone commands that the demo sets itself, with why. */
  private static final List<String[]> SET_BY_THE_DEMO =
      List.of(
          new String[] {
            "--adversarial-model", "the job attacks the model the demo trains (--model)"
          },
          new String[] {"--samples-topic", "the trainer reads the job's --output-topic"},
          new String[] {"--trainer-dlq-topic", "the trainer shares the job's --dlq-topic"});

  private final long images;
  private final int epochs;
  private final long feedAhead;
  private final List<String> produced;
  private final PassOrder passOrder;

  private DemoPlan(
      long images, int epochs, long feedAhead, List<String> produced, PassOrder passOrder) {
    this.images = images;
    this.epochs = epochs;
    this.feedAhead = feedAhead;
    this.produced = produced;
    this.passOrder = passOrder;
  }

  /** Images of one epoch. */
  long images() {
    return images;
  }

  /** Images the feed sends in all: every epoch. */
  long imagesSent() {
    return images * epochs;
  }

  /** Images the feed may run ahead of the clean samples trained, or -1: not paced. */
  long feedAhead() {
    return feedAhead;
  }

  /** The order each pass of the feed sends the images in (--shuffle-seed, settled by --loop). */
  PassOrder passOrder() {
    return passOrder;
  }

  /** The domain keys the job makes (and the trainer, with --adv-source trainer). */
  List<String> produced() {
    return produced;
  }

  /** The domains for people: {@code clean, autoaugment (trivialwide), adversarial}. */
  String describeDomains() {
    return String.join(
        ", ",
        produced.stream().map(k -> k.contains(":") ? k.replaceFirst(":", " (") + ")" : k).toList());
  }

  /**
   * Resolves the demo's options in place and returns the plan.
   *
   * @throws ParameterException naming the options, for combinations that cannot work
   */
  static DemoPlan resolve(LocalPipelineCommand demo) {
    ParseResult given = demo.spec.commandLine().getParseResult();
    for (String[] option : SET_BY_THE_DEMO) {
      if (given.hasMatchedOption(option[0])) {
        throw reject(demo, option[0] + " is not a demo option: " + option[1] + ".");
      }
    }
    TrainingMode mode = TrainingMode.parse(demo.train.mode);
    demo.train.rejectIgnored(demo.spec);
    AdversarialConfig adversarialConfig = adversarialConfig(demo);
    boolean attackInTrainer = adversarialConfig.inTrainer();
    boolean attackGiven = demo.job.adversarial != null;
    if (attackGiven && !NONE.equals(demo.job.adversarial) && attackInTrainer) {
      throw reject(
          demo,
          "--adversarial makes ADVERSARIAL samples in the job and --adv-source trainer makes them"
              + " in the trainer: choose one.");
    }
    List<String> policies = new ArrayList<>(demo.job.policies);
    boolean trainsOtherDomains = mode == TrainingMode.ADVPROP || mode == TrainingMode.ADVTRAIN;
    if (!trainsOtherDomains) {
      if (policies.stream().anyMatch(p -> !NONE.equals(p))
          || (attackGiven && !NONE.equals(demo.job.adversarial))
          || attackInTrainer) {
        throw reject(
            demo,
            "--mode "
                + demo.train.mode
                + " trains CLEAN samples only: drop --policy, --adversarial and --adv-source"
                + " trainer, or use --mode advprop (or advtrain).");
      }
      policies.clear();
      demo.job.adversarial = null;
    } else {
      if (!ConfigFile.given(demo.spec, "--policy")) {
        policies.add(DEFAULT_POLICY);
      }
      if (!attackGiven && !attackInTrainer) {
        demo.job.adversarial = DEFAULT_ATTACK;
      }
    }
    policies.removeIf(NONE::equals);
    demo.job.policies = policies;
    if (NONE.equals(demo.job.adversarial)) {
      demo.job.adversarial = null;
    }

    List<String> produced = new ArrayList<>(List.of("clean"));
    policies.forEach(p -> produced.add("autoaugment:" + p));
    if (demo.job.adversarial != null || attackInTrainer) {
      produced.add("adversarial");
    }
    if (!ConfigFile.given(demo.spec, "--routing")) {
      demo.train.routing = derivedRouting(!policies.isEmpty(), produced.contains("adversarial"));
    } else if (trainsOtherDomains) {
      checkRouting(demo, mode, adversarialConfig, produced);
    }
    if (!ConfigFile.given(demo.spec, "--snapshot-every")) {
      demo.train.snapshotEvery = SNAPSHOT_EVERY;
    }
    if (!ConfigFile.given(demo.spec, "--threads") && demo.job.adversarial != null) {
      demo.train.threads = 1; // the job's attack needs a core of its own
    }
    demo.job.adversarialModel = demo.train.model;
    demo.train.samplesTopic = demo.job.outputTopic;
    demo.train.dlqTopic = demo.job.dlqTopic;
    long images =
        demo.images() != null
            ? demo.images()
            : (trainsOtherDomains ? MISSION_IMAGES : VANILLA_IMAGES);
    if (demo.epochs() < 1) {
      throw reject(demo, "--epochs must be at least 1, got " + demo.epochs() + ".");
    }
    if (demo.epochs() > 1 && (demo.loop() || images == 0)) {
      throw reject(demo, "--epochs counts passes over --images: give --images N, not --loop.");
    }
    if (images > 0 && images < (long) demo.train.batchSize + demo.train.shuffleBuffer) {
      throw reject(
          demo,
          "--images "
              + images
              + " is less than a batch (--batch-size "
              + demo.train.batchSize
              + ") beyond what --shuffle-buffer "
              + demo.train.shuffleBuffer
              + " holds back: no step could train.");
    }
    if (!ConfigFile.given(demo.spec, "--total-steps")) {
      if (images == 0) {
        // --images 0: the whole split, or endless with --loop; train until the feed stops.
        demo.train.totalSteps = UNTIL_STOPPED;
      } else {
        // Every epoch over the images sent, less what the shuffle buffer still holds at the end.
        demo.train.totalSteps =
            Math.max(1, (images * demo.epochs() - demo.train.shuffleBuffer) / demo.train.batchSize);
        demo.train.warmupSteps = Math.min(demo.train.warmupSteps, demo.train.totalSteps / 5);
      }
    }
    return new DemoPlan(
        images,
        demo.epochs(),
        feedAhead(demo),
        List.copyOf(produced),
        demo.shuffle.resolve(demo.loop() || demo.epochs() > 1));
  }

  /** clean=main, then adversarial=aux1 and autoaugment=aux2 for the branches that run. */
  static String derivedRouting(boolean augmented, boolean adversarial) {
    StringBuilder routing = new StringBuilder("clean=" + DomainRouting.MAIN);
    if (adversarial) {
      routing.append(",adversarial=aux1");
    }
    if (augmented) {
      routing.append(",autoaugment=aux2");
    }
    return routing.toString();
  }

  /** A given routing must train exactly what the branches make: no more, no less. */
  private static void checkRouting(
      LocalPipelineCommand demo,
      TrainingMode mode,
      AdversarialConfig adversarial,
      List<String> produced) {
    DomainRouting routing = DomainRouting.parse(demo.train.routing);
    List<String> missing = RoutingCoverage.missing(mode, routing, adversarial, produced);
    if (!missing.isEmpty()) {
      throw reject(
          demo,
          "--routing "
              + routing
              + ": "
              + RoutingCoverage.describe(missing, produced, "in this demo's job")
                  .replace("'advstream augment ", "'demo "));
    }
    for (String key : produced) {
      String domain = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
      String variant = key.contains(":") ? key.substring(key.indexOf(':') + 1) : "";
      if (routing
          .route(io.advstream.avro.Domain.valueOf(domain.toUpperCase(Locale.ROOT)), variant)
          .isEmpty()) {
        throw reject(
            demo,
            "--routing "
                + routing
                + " does not route "
                + key
                + ", which the job makes: add it to --routing or drop the option that makes it.");
      }
    }
  }

  private static AdversarialConfig adversarialConfig(LocalPipelineCommand demo) {
    try {
      return new AdversarialConfig(
          demo.train.advSource, demo.train.attack, demo.train.advMode, demo.train.advFraction);
    } catch (IllegalArgumentException e) {
      throw reject(demo, e.getMessage());
    }
  }

  private static long feedAhead(LocalPipelineCommand demo) {
    String value = demo.feedAhead.strip().toLowerCase(Locale.ROOT);
    if (value.equals("off")) {
      return -1;
    }
    if (value.equals("auto")) {
      // Pacing keeps job-made adversarial samples fresh; without them it would only cap the
      // trainer at --feed-ahead images per checkpoint interval (exactly-once visibility).
      // The shuffle buffer holds samples back: the feed must run ahead by that much more.
      return demo.job.adversarial == null
          ? -1
          : Math.max(2L, demo.train.snapshotEvery / 2) * demo.train.batchSize
              + demo.train.shuffleBuffer;
    }
    long least = (long) demo.train.batchSize + demo.train.shuffleBuffer;
    try {
      long n = Long.parseLong(value);
      if (n >= least) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw reject(
        demo,
        "--feed-ahead must be auto, off or a number of images of at least --batch-size ("
            + demo.train.batchSize
            + ")"
            + (demo.train.shuffleBuffer > 0
                ? " plus --shuffle-buffer (" + demo.train.shuffleBuffer + ")"
                : "")
            + ", got '"
            + demo.feedAhead
            + "'.");
  }

  private static ParameterException reject(LocalPipelineCommand demo, String message) {
    return new ParameterException(demo.spec.commandLine(), message);
  }
}
