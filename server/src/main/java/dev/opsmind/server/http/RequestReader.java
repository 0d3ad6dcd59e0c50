package dev.opsmind.server.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.Map;

/**
 * Binds a request body (already read as a JSON tree by {@link Json#body}) to a request record:
 * Jackson checks each field's JSON type, the record's creator checks the rest (ranges, enums,
 * rules between fields). Jackson's own errors become {@link InvalidRequestException}s naming the
 * field by its path ("messages[0].role") with the server's usual wording ("'n' must be an
 * integer, got a string"); so do a creator's {@link FieldError}s, whose names are relative to the
 * object the creator builds. Nothing is coerced (no "1" for 1, no 1.5 for an integer field) and
 * unknown fields are ignored: OpenAI clients send many.
 */
public final class RequestReader {
  private static final ObjectMapper STRICT = strict();

  private RequestReader() {}

  private static ObjectMapper strict() {
    ObjectMapper mapper = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    // a string field takes only strings, a boolean field only booleans, ... (Jackson would convert)
    for (CoercionInputShape shape : CoercionInputShape.values()) {
      mapper.coercionConfigDefaults().setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }

  /** {@code body} as a {@code type}; a field of the wrong type or value → 400 naming it. */
  public static <T> T read(JsonNode body, Class<T> type) {
    try {
      return STRICT.treeToValue(body, type);
    } catch (DatabindException e) {
      throw translate(body, e);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("The request body could not be read: " + e.getOriginalMessage());
    }
  }

  private static RuntimeException translate(JsonNode body, DatabindException e) {
    String path = param(e);
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidRequestException invalid) {
        return invalid;
      }
      if (cause instanceof FieldError field) {
        return field.at(path);
      }
      if (cause instanceof InputCoercionException overflow && overflow.getTargetType() != null) {
        return Fields.wrongType(path, expected(overflow.getTargetType()), body.at(pointer(e)));
      }
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      JsonNode given = body.at(pointer(e));
      Shape shape = mismatch.getTargetType().getAnnotation(Shape.class);
      if (shape != null) {
        return new InvalidRequestException(path, String.format(shape.value(), path));
      }
      return Fields.wrongType(path, expected(mismatch.getTargetType()), given);
    }
    return new InvalidRequestException(path.isEmpty() ? null : path, "'" + path + "' is not valid: "
        + e.getOriginalMessage());
  }

  /** The field's name as errors give it: {@code messages[0].content[1].text}. */
  private static String param(DatabindException e) {
    StringBuilder name = new StringBuilder();
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          name.append(name.isEmpty() ? "" : ".").append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          name.append('[').append(ref.getIndex()).append(']');
        }
      }
    }
    return name.toString();
  }

  private static JsonPointer pointer(DatabindException e) {
    JsonPointer pointer = JsonPointer.empty();
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        pointer = ref.getFieldName() != null ? pointer.appendProperty(ref.getFieldName())
            : pointer.appendIndex(Math.max(ref.getIndex(), 0));
      }
    }
    return pointer;
  }

  private static String expected(Class<?> type) {
    if (type == String.class) {
      return "a string";
    } else if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    } else if (type == Integer.class || type == int.class) {
      return "an integer";
    } else if (type == Long.class || type == long.class) {
      return "a 64-bit integer";
    } else if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    } else if (Map.class.isAssignableFrom(type) || type.isRecord() || JsonNode.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  /**
   * On a request record: the error for a value of the wrong JSON type, a format with one {@code
   * %s} for the field's name (default: "'x' must be an object, got a string").
   */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
  public @interface Shape {
    String value();
  }
}
