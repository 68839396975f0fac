package io.advstream.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Everything on one machine: broker, local Flink with Web UI, ingest, the job, a live view. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on this machine: an embedded Kafka broker, a local Flink cluster"
          + " with its Web UI, Fashion-MNIST images replayed into images.raw (plus a few"
          + " deliberately malformed records), the AugmentJob tagging them into samples.tagged,"
          + " and the trainer. A live line per second shows records in, samples per domain, dead"
          + " letters and the trainer's step; the summary at the end reads the topics back."
          + " --bootstrap-servers and --flink-address use existing clusters instead.",
      "By default it is AdvProp with three domains: CLEAN, AUTOAUGMENT ("
          + DemoPlan.DEFAULT_POLICY
          + ") and ADVERSARIAL (PGD-1 in the job against the trainer's snapshots), each on its"
          + " own BN set (main, aux1, aux2); the routing follows the branches. --mode vanilla"
          + " runs CLEAN only. The feed stays --feed-ahead images ahead of the trainer, so"
          + " adversarial samples stay fresh. Demo defaults that differ from 'train':"
          + " --snapshot-every 10, --threads 1 while the job attacks (it needs a core),"
          + " --total-steps = every epoch over --images (less the --shuffle-buffer the trainer"
          + " holds back).",
      "Fashion-MNIST comes from /usr/share/datasets/fashion-mnist (Debian package"
          + " dataset-fashion-mnist, installed automatically when running as root on Debian)."
    })
class DemoCommand extends LocalPipelineCommand {
  @Option(
      names = "--images",
      paramLabel = "N",
      description =
          "Images to send (default: "
              + DemoPlan.MISSION_IMAGES
              + " with AdvProp, "
              + DemoPlan.VANILLA_IMAGES
              + " with --mode vanilla); with --loop, 0 = until Ctrl-C.")
  Long images;

  @Option(
      names = "--loop",
      description =
          "Replay the dataset continuously, each pass in a new order unless --shuffle-seed none.")
  boolean loop;

  @Option(
      names = "--epochs",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Passes over the first --images images of the split, each in its own order when"
              + " shuffled (--shuffle-seed); the trainer's --total-steps default covers them all"
              + " (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--keep-running",
      description = "Keep broker, job and Web UI up after the summary, until Ctrl-C.")
  boolean keepRunning;

  @Override
  Long images() {
    return images;
  }

  @Override
  boolean loop() {
    return loop;
  }

  @Override
  int epochs() {
    return epochs;
  }

  @Override
  boolean keepRunning() {
    return keepRunning;
  }
}
