package io.redress.notification;

import io.redress.config.ConfigException;
import io.redress.config.RedressConfig.ChannelSettings;
import io.redress.config.RedressConfig.NotificationSettings;
import io.redress.config.RedressConfig.Routes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The configured delivery channels, each opened by its {@link ChannelType} (found through {@link ServiceLoader}),
 * and the routes that pick a notification's channels: its control's route, else its severity's, else the default
 * (absent: every channel). Without any channel configured, lessons are printed on the console.
 */
public final class ChannelRegistry implements AutoCloseable {

  /** A channel under the name it was configured with, which delivery results carry. */
  public record Named(String name, DeliveryChannel channel) {
  }

  private final Map<String, DeliveryChannel> channels;
  private final Map<String, List<String>> byControl;
  private final Map<String, List<String>> bySeverity;
  private final List<String> byDefault;

  ChannelRegistry(Map<String, DeliveryChannel> channels, Routes routes) {
    this.channels = new LinkedHashMap<>(channels);
    this.byControl = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    this.byControl.putAll(routes.controls());
    this.bySeverity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    this.bySeverity.putAll(routes.severities());
    this.byDefault = routes.defaultChannels() != null ? routes.defaultChannels() : List.copyOf(channels.keySet());
  }

  /** One channel for everything, e.g. a test's. */
  public static ChannelRegistry of(String name, DeliveryChannel channel) {
    return new ChannelRegistry(Map.of(name, channel), new Routes(null, null, null));
  }

  /** @throws ConfigException naming the key of a channel whose type is unknown or whose settings are incomplete */
  public static ChannelRegistry open(NotificationSettings settings) {
    if (settings.channels().isEmpty()) {
      return of("console", new ConsoleChannel());
    }
    Map<String, ChannelType> types = ServiceLoader.load(ChannelType.class).stream().map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(ChannelType::name, type -> type, (first, second) -> first, TreeMap::new));
    Map<String, DeliveryChannel> opened = new LinkedHashMap<>();
    for (Map.Entry<String, ChannelSettings> channel : new TreeMap<>(settings.channels()).entrySet()) {
      String key = "notifications.channels." + channel.getKey();
      ChannelType type = types.get(channel.getValue().type());
      if (type == null) {
        opened.values().forEach(DeliveryChannel::close);
        throw new ConfigException(key + ".type",
            "'" + channel.getValue().type() + "' is not a channel type; one of " + String.join(", ", types.keySet()));
      }
      opened.put(channel.getKey(), type.open(key, channel.getValue()));
    }
    return new ChannelRegistry(opened, settings.routes());
  }

  /** @param control null for notifications about no control (breaker alerts) */
  public List<Named> route(String control, String severity) {
    List<String> names = control != null && byControl.containsKey(control) ? byControl.get(control)
        : severity != null && bySeverity.containsKey(severity) ? bySeverity.get(severity)
        : byDefault;
    List<Named> route = new ArrayList<>();
    names.forEach(name -> route.add(new Named(name, channels.get(name))));
    return route;
  }

  /** The forms of a message that some channel reads, so that no other is rendered. */
  public Set<LessonForm> forms() {
    Set<LessonForm> forms = EnumSet.noneOf(LessonForm.class);
    channels.values().forEach(channel -> forms.addAll(channel.forms()));
    return forms;
  }

  @Override
  public void close() {
    channels.values().forEach(DeliveryChannel::close);
  }
}
