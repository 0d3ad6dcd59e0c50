package dev.opsmind.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a request record's creator makes on a field Jackson bound as it came ({@link
 * RequestReader}; a {@link JsonNode} where the rule is more than a JSON type: ranges, integral
 * floats, a string or a list): an absent or null field is "not given"; a field of the wrong type
 * or out of range is an {@link InvalidRequestException} naming it, in the words clients have
 * always seen.
 */
public final class Fields {
  private Fields() {}

  /** {@code node}, the value of field {@code name}, as a string; null when absent or JSON null. */
  public static String optString(String name, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(name, "a string", node);
    }
    return node.textValue();
  }

  /** {@code value}, the string field {@code name} as bound: required and not blank. */
  public static String nonBlank(String name, String value) {
    if (value == null) {
      throw new InvalidRequestException(name, "Missing required parameter: '" + name + "'");
    }
    if (value.isBlank()) {
      throw new InvalidRequestException(name, "'" + name + "' must not be empty");
    }
    return value;
  }

  /**
   * {@code node}, the value of field {@code name} (as a request record was bound with it: {@link
   * RequestReader}), as an integer in [min, max]; null when absent or JSON null. A float with an
   * integral value (2.0) counts.
   */
  public static Integer optInt(String name, JsonNode node, long min, long max) {
    node = node == null || node.isNull() ? null : node;
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber() && !(node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue()))) {
      throw wrongType(name, "an integer", node);
    }
    if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
      throw new InvalidRequestException(name,
          "'" + name + "' must be between " + min + " and " + max + ", got " + node.asText());
    }
    return (int) node.longValue();
  }

  /** {@code node}, the value of field {@code name}, as a 64-bit integer; null when absent. */
  public static Long optLong(String name, JsonNode node) {
    node = node == null || node.isNull() ? null : node;
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw wrongType(name, "a 64-bit integer", node);
    }
    return node.longValue();
  }

  /** {@code node}, the value of field {@code name}, as a number in [min, max]; null when absent. */
  public static Double optDouble(String name, JsonNode node, double min, double max) {
    node = node == null || node.isNull() ? null : node;
    if (node == null) {
      return null;
    }
    if (!node.isNumber()) {
      throw wrongType(name, "a number", node);
    }
    double value = node.doubleValue();
    if (!(value >= min && value <= max)) {
      throw new InvalidRequestException(name,
          "'" + name + "' must be between " + min + " and " + max + ", got " + node.asText());
    }
    return value;
  }

  /** {@code node}, the value of field {@code name}, as a boolean; null when absent or JSON null. */
  public static Boolean optBoolean(String name, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw wrongType(name, "a boolean", node);
    }
    return node.booleanValue();
  }

  /** {@code node}, the value of field {@code name}, as an object; null when absent or JSON null. */
  public static ObjectNode optObject(String name, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw wrongType(name, "an object", node);
    }
    return (ObjectNode) node;
  }

  /** {@code node}, the value of field {@code name}, as an array; null when absent or JSON null. */
  public static ArrayNode optArray(String name, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw wrongType(name, "an array", node);
    }
    return (ArrayNode) node;
  }

  /** {@code node}, the value of field {@code name}: a string or an array of strings; absent → empty. */
  public static List<String> stringOrList(String name, JsonNode node, int maxItems) {
    node = node == null || node.isNull() ? null : node;
    List<String> values = new ArrayList<>();
    if (node == null) {
      return values;
    }
    if (node.isTextual()) {
      values.add(node.textValue());
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (!item.isTextual()) {
          throw new InvalidRequestException(name, "'" + name + "' must be a string or an array of strings");
        }
        values.add(item.textValue());
      }
    } else {
      throw wrongType(name, "a string or an array of strings", node);
    }
    if (values.size() > maxItems) {
      throw new InvalidRequestException(name,
          "'" + name + "' may hold at most " + maxItems + " items, got " + values.size());
    }
    return values;
  }

  public static InvalidRequestException wrongType(String name, String expected, JsonNode actual) {
    return new InvalidRequestException(name,
        "'" + name + "' must be " + expected + ", got " + describe(actual));
  }

  /** "a string", "a number", ...: the kind of JSON value {@code node} is, as errors say it. */
  public static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
