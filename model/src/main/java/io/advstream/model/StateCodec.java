package io.advstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named arrays as bytes: a header, then per entry its name and the array in ND4J's binary format
 * ({@code Nd4j.write}). Used by checkpoints, snapshots and exported models; never Java
 * serialization, so reading untrusted bytes cannot run code.
 */
public final class StateCodec {
  private static final String MAGIC = "advstream-arrays/1";

  private StateCodec() {}

  public static byte[] encode(Map<String, INDArray> arrays) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeInt(arrays.size());
      for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
        out.writeUTF(e.getKey());
        Nd4j.write(e.getValue(), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalArgumentException for bytes that are not an encoded array set
   */
  public static Map<String, INDArray> decode(byte[] bytes) {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new IllegalArgumentException(
            "not an array set: header '" + magic + "', expected '" + MAGIC + "'");
      }
      int n = in.readInt();
      if (n < 0 || n > 100_000) {
        throw new IllegalArgumentException("array set claims " + n + " entries");
      }
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        arrays.put(name, Nd4j.read(in));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("corrupt array set: " + e.getMessage(), e);
    }
    return arrays;
  }
}
