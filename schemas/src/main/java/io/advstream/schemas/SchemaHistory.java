package io.advstream.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * The earlier versions of our record schemas, so a reader of today's schema still decodes data
 * written by older producers.
 *
 * <p>When a schema changes, copy its previous {@code .avsc} (with the named types it uses inlined)
 * into {@code src/main/resources/io/advstream/avro/history/} and list the file in {@code index.txt}
 * there. Avro's resolution rules then apply: new fields need defaults, enum symbols the reader does
 * not know map to the enum's default.
 */
public final class SchemaHistory {
  private static final String DIR = "/io/advstream/avro/history/";
  private static final SchemaStore.Cache SHARED = load();

  private SchemaHistory() {}

  /** All historical schemas shipped with this module. */
  public static SchemaStore shared() {
    return SHARED;
  }

  /** The shipped schemas plus {@code extra} ones (e.g. a test's older version). */
  public static SchemaStore with(Schema... extra) {
    SchemaStore.Cache cache = load();
    for (Schema schema : extra) {
      cache.addSchema(schema);
    }
    return cache;
  }

  /** Names of the shipped historical schema files. */
  public static List<String> files() {
    List<String> names = new ArrayList<>();
    try (InputStream index = SchemaHistory.class.getResourceAsStream(DIR + "index.txt")) {
      if (index == null) {
        return names;
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static SchemaStore.Cache load() {
    SchemaStore.Cache cache = new SchemaStore.Cache();
    for (String name : files()) {
      try (InputStream in = SchemaHistory.class.getResourceAsStream(DIR + name)) {
        if (in == null) {
          throw new IllegalStateException("schema history lists missing file " + DIR + name);
        }
        cache.addSchema(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + DIR + name, e);
      }
    }
    return cache;
  }
}
