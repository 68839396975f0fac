package io.advstream.model;

import io.advstream.avro.BnState;
import io.advstream.avro.ModelSnapshot;
import io.advstream.model.nn.Network;
import io.advstream.schemas.Buffers;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model snapshots for the topic {@code model.snapshots}: shared parameters plus one state blob per
 * BN set, with a SHA-256 checksum over all of it so a reader can reject a damaged snapshot.
 */
public final class ModelSnapshots {
  private ModelSnapshots() {}

  /**
   * @param domainsPerSet the domains routed to each BN set, recorded for readers
   */
  public static ModelSnapshot of(
      Network net,
      long version,
      long step,
      Map<String, List<String>> domainsPerSet,
      Map<String, Double> metrics) {
    Map<String, INDArray> shared = NetworkState.capture(net, List.of());
    byte[] parameters = StateCodec.encode(shared);
    List<BnState> states = new ArrayList<>();
    for (String set : net.bnSets()) {
      Map<String, INDArray> all = NetworkState.capture(net, List.of(set));
      Map<String, INDArray> own = new LinkedHashMap<>();
      all.forEach(
          (name, value) -> {
            if (!shared.containsKey(name)) {
              own.put(name, value);
            }
          });
      states.add(
          BnState.newBuilder()
              .setBnSet(set)
              .setDomains(domainsPerSet.getOrDefault(set, List.of()))
              .setState(ByteBuffer.wrap(StateCodec.encode(own)))
              .build());
    }
    return ModelSnapshot.newBuilder()
        .setVersion(version)
        .setTrainerStep(step)
        .setArchitecture(net.architecture())
        .setInput(net.input().toString())
        .setClasses(net.classes())
        .setParameters(ByteBuffer.wrap(parameters))
        .setBnStates(states)
        .setMetrics(metrics)
        .setChecksum(checksum(parameters, states))
        .setCreatedTime(Instant.now())
        .build();
  }

  /** Whether the checksum matches the content. */
  public static boolean checksumMatches(ModelSnapshot snapshot) {
    return checksum(Buffers.toArray(snapshot.getParameters()), snapshot.getBnStates())
        .equals(snapshot.getChecksum());
  }

  /** All arrays of a snapshot by name: shared parameters and every BN set's state. */
  public static Map<String, INDArray> arrays(ModelSnapshot snapshot) {
    Map<String, INDArray> all =
        new LinkedHashMap<>(StateCodec.decode(Buffers.toArray(snapshot.getParameters())));
    for (BnState state : snapshot.getBnStates()) {
      all.putAll(StateCodec.decode(Buffers.toArray(state.getState())));
    }
    return all;
  }

  private static String checksum(byte[] parameters, List<BnState> states) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(parameters);
      for (BnState state : states) {
        sha.update(state.getBnSet().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(Buffers.toArray(state.getState()));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
