package io.redress.config;

/** Invalid configuration: the message names the key and says what is wrong with it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
  }
}
