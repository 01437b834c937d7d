package io.redress.metrics;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an appender of logback.xml write only when its format is the one {@link LogFormat} chose. Both appenders stay
 * attached, so that logback sees no unused appender: it would report that as a configuration warning, printed on
 * stdout, where Redress's own output goes.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {

  private String format;
  private boolean chosen;

  public void setFormat(String format) {
    this.format = format;
  }

  @Override
  public void start() {
    chosen = format != null && format.equals(getContext().getProperty(LogFormat.PROPERTY));
    super.start();
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return chosen ? FilterReply.NEUTRAL : FilterReply.DENY;
  }
}
