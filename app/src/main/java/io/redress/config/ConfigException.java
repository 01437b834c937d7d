package io.redress.config;

/** Invalid configuration: the message names the key and says what is wrong with it. */
public final class ConfigException extends RuntimeException {
  private final String key;
  private final String problem;

  /**
   * @param key the dotted key path; thrown from inside a settings record, the path below that record (the loader
   *     puts the record's own path in front), or empty when the whole value at the loader's path is wrong
   */
  public ConfigException(String key, String problem) {
    super(key.isEmpty() ? problem : key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
