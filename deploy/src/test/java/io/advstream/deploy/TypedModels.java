package io.advstream.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.v1beta1.FlinkDeployment;

/**
 * The typed model of every kind the manifests use: fabric8's for Kubernetes' own kinds, Strimzi's
 * api for Kafka's, the model generated from the operator's CRD for FlinkDeployment.
 *
 * <p>These models keep fields they do not know (any-setters), so parsing alone would accept a
 * misspelt field. {@link #misfits} therefore writes the parsed object back out with its unknown
 * fields left off and reports every field of the manifest that did not come back, or came back with
 * another value.
 */
final class TypedModels {
  static final Map<String, Class<?>> KINDS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("batch/v1/Job", Job.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
          Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
          Map.entry("flink.apache.org/v1beta1/FlinkDeployment", FlinkDeployment.class));

  private static final ObjectMapper READER = new ObjectMapper();

  /**
   * Writes every field the model declares, default values too (models leave out, say, a {@code
   * deleteClaim: false}), and none it does not: any-getters (unknown fields) are left off.
   */
  private static final ObjectMapper KNOWN_FIELDS_ONLY =
      new ObjectMapper()
          .setAnnotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnyGetter(Annotated a) {
                  return false;
                }

                @Override
                public JsonInclude.Value findPropertyInclusion(Annotated a) {
                  return JsonInclude.Value.construct(
                      JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
                }
              });

  private TypedModels() {}

  static String kindOf(JsonNode doc) {
    return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
  }

  /**
   * The document as its typed model.
   *
   * @throws IllegalArgumentException for a kind without a model, or a value the model refuses (an
   *     enum value it does not know, a string where it wants a number)
   */
  static <T> T parse(JsonNode doc, Class<T> type) {
    try {
      return READER.treeToValue(doc, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          kindOf(doc) + " " + doc.path("metadata").path("name").asText() + ": " + e.getMessage(),
          e);
    }
  }

  static Object parse(JsonNode doc) {
    Class<?> type = KINDS.get(kindOf(doc));
    if (type == null) {
      throw new IllegalArgumentException(
          "no typed model for " + kindOf(doc) + "; known: " + KINDS.keySet());
    }
    return parse(doc, type);
  }

  /**
   * The fields of {@code doc} that its model does not declare or gives back changed, as paths like
   * {@code spec.template.spec.terminationGracePeriodSecond}; empty when the model knows them all.
   * The kind and apiVersion are checked by the lookup of the model, not here: Strimzi's models
   * write the version they default to.
   *
   * @throws IllegalArgumentException when the model refuses the document outright (a model that
   *     does not keep unknown fields refuses them this way)
   */
  static List<String> misfits(JsonNode doc) {
    JsonNode written = KNOWN_FIELDS_ONLY.valueToTree(parse(doc));
    List<String> misfits = new ArrayList<>();
    ObjectNode body = doc.deepCopy();
    body.remove(List.of("apiVersion", "kind"));
    compare(body, written, "", misfits);
    return misfits;
  }

  private static void compare(JsonNode given, JsonNode written, String path, List<String> out) {
    if (given.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        JsonNode back = written == null ? null : written.get(field.getKey());
        if (back == null || back.isNull() && !field.getValue().isNull()) {
          out.add(at + " (not in the model)");
        } else {
          compare(field.getValue(), back, at, out);
        }
      }
    } else if (given.isArray()) {
      if (!written.isArray() || written.size() != given.size()) {
        out.add(path + " (list changed: " + written + ")");
        return;
      }
      for (int i = 0; i < given.size(); i++) {
        compare(given.get(i), written.get(i), path + "[" + i + "]", out);
      }
    } else if (!sameValue(given, written)) {
      out.add(path + " (" + given + " came back as " + written + ")");
    }
  }

  /** Numbers by value (1 and 1.0), anything else by text: a Quantity "1" reads back as 1 was. */
  private static boolean sameValue(JsonNode given, JsonNode written) {
    if (given.isNumber() && written.isNumber()) {
      return given.decimalValue().compareTo(written.decimalValue()) == 0;
    }
    return given.asText().equals(written.asText());
  }
}
