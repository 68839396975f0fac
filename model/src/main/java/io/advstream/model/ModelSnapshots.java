package io.advstream.model;

import io.advstream.avro.BnState;
import io.advstream.avro.ModelSnapshot;
import io.advstream.model.nn.Network;
import io.advstream.schemas.Buffers;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model snapshots for the topic {@code model.snapshots}: shared parameters plus one state blob per
 * BN set, with a SHA-256 checksum over every other field of the record, so a reader rejects a
 * snapshot damaged anywhere: a flipped bit in its version or class count is as wrong as one in a
 * weight.
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
    ModelSnapshot snapshot =
        ModelSnapshot.newBuilder()
            .setVersion(version)
            .setTrainerStep(step)
            .setArchitecture(net.architecture())
            .setInput(net.input().toString())
            .setClasses(net.classes())
            .setParameters(ByteBuffer.wrap(parameters))
            .setBnStates(states)
            .setMetrics(metrics)
            .setChecksum("")
            // the record keeps milliseconds; the checksum must see what a reader will see
            .setCreatedTime(Instant.ofEpochMilli(System.currentTimeMillis()))
            .build();
    snapshot.setChecksum(checksum(snapshot));
    return snapshot;
  }

  /** A copy of {@code snapshot} whose checksum matches its fields (for tools and tests). */
  public static ModelSnapshot withChecksum(ModelSnapshot snapshot) {
    ModelSnapshot copy = ModelSnapshot.newBuilder(snapshot).build();
    copy.setChecksum(checksum(copy));
    return copy;
  }

  /** Whether the checksum matches the content. */
  public static boolean checksumMatches(ModelSnapshot snapshot) {
    return checksum(snapshot).equals(snapshot.getChecksum());
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

  /**
   * SHA-256 over every field but the checksum, each length-prefixed so no two records share a
   * digest input; metrics in key order, since a decoded map does not keep the writer's order.
   */
  static String checksum(ModelSnapshot snapshot) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      DataOutputStream out =
          new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha));
      out.writeLong(snapshot.getVersion());
      out.writeLong(snapshot.getTrainerStep());
      writeText(out, snapshot.getArchitecture());
      writeText(out, snapshot.getInput());
      out.writeInt(snapshot.getClasses());
      writeBytes(out, Buffers.toArray(snapshot.getParameters()));
      out.writeInt(snapshot.getBnStates().size());
      for (BnState state : snapshot.getBnStates()) {
        writeText(out, state.getBnSet());
        out.writeInt(state.getDomains().size());
        for (String domain : state.getDomains()) {
          writeText(out, domain);
        }
        writeBytes(out, Buffers.toArray(state.getState()));
      }
      Map<String, Double> metrics = new TreeMap<>(snapshot.getMetrics());
      out.writeInt(metrics.size());
      for (Map.Entry<String, Double> metric : metrics.entrySet()) {
        writeText(out, metric.getKey());
        out.writeLong(Double.doubleToLongBits(metric.getValue()));
      }
      out.writeLong(snapshot.getCreatedTime().toEpochMilli());
      out.flush();
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a null stream does not fail
    }
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
