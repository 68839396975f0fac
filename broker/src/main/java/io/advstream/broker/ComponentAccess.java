package io.advstream.broker;

import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least each component may do on a secured cluster, as Kafka ACLs. READ and WRITE imply
 * DESCRIBE, which is all topic creation checks need once the topics exist.
 *
 * @param raw the images topic
 * @param tagged the tagged-samples topic
 * @param snapshots the model-snapshots topic
 * @param deadLetters the dead-letter topic
 * @param jobGroup the AugmentJob's consumer group, also the prefix of its snapshot reader's group
 * @param jobTransactionalIdPrefix prefix of the job's transactional ids
 * @param trainerGroup the trainer's consumer group
 */
public record ComponentAccess(
    String raw,
    String tagged,
    String snapshots,
    String deadLetters,
    String jobGroup,
    String jobTransactionalIdPrefix,
    String trainerGroup) {

  /** Ingest writes images. */
  public List<AclBinding> ingest(String user) {
    return List.of(allow(user, TOPIC, raw, LITERAL, WRITE));
  }

  /**
   * The job reads images and snapshots, writes samples and dead letters in its transactions, and
   * commits its groups' offsets. It also needs READ on the topics it writes: when a subtask starts,
   * its sink lists the producers active on them (DescribeProducers) to abort transactions a crash
   * left open, and the broker authorizes that as a read.
   */
  public List<AclBinding> job(String user) {
    return List.of(
        allow(user, TOPIC, raw, LITERAL, READ),
        allow(user, TOPIC, snapshots, LITERAL, READ),
        allow(user, TOPIC, tagged, LITERAL, WRITE),
        allow(user, TOPIC, tagged, LITERAL, READ),
        allow(user, TOPIC, deadLetters, LITERAL, WRITE),
        allow(user, TOPIC, deadLetters, LITERAL, READ),
        allow(user, GROUP, jobGroup, PREFIXED, READ),
        allow(user, TRANSACTIONAL_ID, jobTransactionalIdPrefix, PREFIXED, WRITE));
  }

  /**
   * The trainer reads samples in its group, writes snapshots (and reads them back to number them
   * on) and dead letters.
   */
  public List<AclBinding> trainer(String user) {
    return List.of(
        allow(user, TOPIC, tagged, LITERAL, READ),
        allow(user, GROUP, trainerGroup, LITERAL, READ),
        allow(user, TOPIC, snapshots, LITERAL, WRITE),
        allow(user, TOPIC, snapshots, LITERAL, READ),
        allow(user, TOPIC, deadLetters, LITERAL, WRITE));
  }

  private static AclBinding allow(
      String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }
}
