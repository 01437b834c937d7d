package io.redress.notification;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * Slack's mrkdwn as a FreeMarker output format, so templates ending in {@code .mrkdwn.ftl} escape every
 * interpolation as HTML templates do. Slack reads only {@code &}, {@code <} and {@code >} as control characters
 * (links, mentions such as {@code <!channel>} or {@code <@U123>}, dates) and asks for exactly those three as HTML
 * entities; escaping anything more would show the entity itself. Emphasis characters ({@code *_~`}) in a finding's
 * text may still style it, which changes how it looks but cannot link, mention or notify anyone.
 */
final class SlackOutputFormat extends CommonMarkupOutputFormat<SlackOutputFormat.Markup> {

  static final SlackOutputFormat INSTANCE = new SlackOutputFormat();

  private SlackOutputFormat() {
  }

  @Override
  public String getName() {
    return "slack-mrkdwn";
  }

  @Override
  public String getMimeType() {
    return "text/plain";
  }

  @Override
  public void output(String textToEscape, Writer out) throws IOException {
    out.write(escapePlainText(textToEscape));
  }

  @Override
  public String escapePlainText(String plainText) {
    return escape(plainText);
  }

  static String escape(String plainText) {
    StringBuilder escaped = new StringBuilder(plainText.length() + 16);
    for (int i = 0; i < plainText.length(); i++) {
      char c = plainText.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  @Override
  public boolean isLegacyBuiltInBypassed(String builtInName) {
    return false;
  }

  @Override
  protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
    return new Markup(plainTextContent, markupContent);
  }

  /** A piece of mrkdwn, already escaped or written by a template. */
  static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
    Markup(String plainTextContent, String markupContent) {
      super(plainTextContent, markupContent);
    }

    @Override
    public SlackOutputFormat getOutputFormat() {
      return INSTANCE;
    }
  }
}
