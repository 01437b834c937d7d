package io.redress.notification;

import io.redress.config.ConfigException;
import io.redress.config.RedressConfig.ChannelSettings;

/**
 * A kind of delivery channel ({@code smtp}, {@code ses}, {@code slack}, {@code console}), registered in
 * {@code META-INF/services/io.redress.notification.ChannelType}: adding a channel is one class and one line there.
 */
public interface ChannelType {

  /** The {@code type} value that selects it in {@code notifications.channels}. */
  String name();

  /**
   * @param key the channel's configuration key, e.g. {@code notifications.channels.email}, for error messages
   * @throws ConfigException naming the key when a setting the channel needs is missing or wrong
   */
  DeliveryChannel open(String key, ChannelSettings settings);

  static <T> T required(String key, String name, T value) {
    if (value == null) {
      throw new ConfigException(key + "." + name, "missing; this channel needs it");
    }
    return value;
  }
}
