package io.redress.notification;

import java.io.PrintStream;
import java.util.Set;

/**
 * Prints each message as a readable block, so a local run shows exactly what a person would receive.
 *
 * <p>A block is printed in one write: lessons delivered while the audit trail prints, or from several threads,
 * never cut into each other.
 */
public final class ConsoleChannel implements DeliveryChannel {

  /** {@code type: console}. */
  public static final class Type implements ChannelType {
    @Override
    public String name() {
      return "console";
    }

    @Override
    public DeliveryChannel open(String key, io.redress.config.RedressConfig.ChannelSettings settings) {
      return new ConsoleChannel();
    }
  }

  private static final String RULE = "=".repeat(78);

  private final PrintStream out;

  /** Prints to standard output. */
  public ConsoleChannel() {
    this(System.out);
  }

  public ConsoleChannel(PrintStream out) {
    this.out = out;
  }

  @Override
  public Set<LessonForm> forms() {
    return Set.of(LessonForm.TEXT);
  }

  @Override
  public void deliver(Message message) {
    String block = String.format("%nNOTIFICATION  %s%n%s%nTo:      %s%nSubject: %s%n%s%n%s%n%s%n",
        message.notificationId(), RULE, message.recipient(), message.subject(), RULE, message.body().strip(), RULE);
    synchronized (out) {
      out.print(block);
      out.flush();
    }
  }
}
