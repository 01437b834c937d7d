package io.redress.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.PotentialCreator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration's shape as Jackson binds it, read from the records through Jackson's own introspection: a
 * section is a record whose keys are its creator's parameters; a map holds keys the user chooses; anything else is
 * a single value. The environment overrides and the error messages both read the shape from here, so neither can
 * drift from the records.
 */
final class ConfigSchema {
  private final DeserializationConfig config;

  ConfigSchema(DeserializationConfig config) {
    this.config = config;
  }

  JavaType root() {
    return config.constructType(RedressConfig.class);
  }

  /** Optional values are read as what they hold. */
  static JavaType unwrapped(JavaType type) {
    return type.isReferenceType() ? unwrapped(type.getContentType()) : type;
  }

  static boolean isSection(JavaType type) {
    return unwrapped(type).getRawClass().isRecord();
  }

  static boolean isMap(JavaType type) {
    return unwrapped(type).isMapLikeType();
  }

  /** A value that is a list of values: set in the file as {@code [a, b]}. */
  static boolean isList(JavaType type) {
    return unwrapped(type).isCollectionLikeType() || unwrapped(type).isArrayType();
  }

  static boolean isValue(JavaType type) {
    return !isSection(type) && !isMap(type);
  }

  /** The named keys of a section, in the order its creator takes them, with what each holds. */
  Map<String, JavaType> keys(JavaType section) {
    PotentialCreator creator = creator(section);
    Map<String, JavaType> keys = new LinkedHashMap<>();
    for (int i = 0; i < creator.paramCount(); i++) {
      if (!takesOtherKeys(creator.param(i))) {
        keys.put(creator.propertyDefs()[i].getName(), creator.param(i).getType());
      }
    }
    return keys;
  }

  /** What a section holds under keys it does not name (the controls beside {@code default-mode}), if it takes any. */
  Optional<JavaType> otherKeys(JavaType section) {
    PotentialCreator creator = creator(section);
    for (int i = 0; i < creator.paramCount(); i++) {
      if (takesOtherKeys(creator.param(i))) {
        return Optional.of(creator.param(i).getType().getContentType());
      }
    }
    return Optional.empty();
  }

  /** The keys a section of this class names, for the message about a key it does not know. */
  List<String> keyNames(Class<?> section) {
    return List.copyOf(keys(config.constructType(section)).keySet());
  }

  /** The creator Jackson binds a section with: the record's canonical constructor or its {@code @JsonCreator}. */
  private PotentialCreator creator(JavaType section) {
    return config.introspect(unwrapped(section)).getPotentialCreators().propertiesBased;
  }

  private static boolean takesOtherKeys(AnnotatedParameter parameter) {
    return parameter.hasAnnotation(JsonAnySetter.class);
  }
}
