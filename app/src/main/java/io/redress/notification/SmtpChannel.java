package io.redress.notification;

import io.redress.config.RedressConfig.ChannelSettings;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;
import java.util.Set;

/** Email through an SMTP server, as {@link MailMessage} makes it. */
public final class SmtpChannel implements DeliveryChannel {

  /** {@code type: smtp}. */
  public static final class Type implements ChannelType {
    @Override
    public String name() {
      return "smtp";
    }

    @Override
    public DeliveryChannel open(String key, ChannelSettings settings) {
      Properties properties = new Properties();
      properties.put("mail.smtp.host", ChannelType.required(key, "host", settings.host()));
      properties.put("mail.smtp.port", Integer.toString(settings.port() != null ? settings.port() : 25));
      properties.put("mail.smtp.starttls.enable", Boolean.toString(Boolean.TRUE.equals(settings.starttls())));
      properties.put("mail.smtp.starttls.required", Boolean.toString(Boolean.TRUE.equals(settings.starttls())));
      // A server that hangs must fail the attempt, not the notifier: the record loop retries it.
      properties.put("mail.smtp.connectiontimeout", "10000");
      properties.put("mail.smtp.timeout", "30000");
      properties.put("mail.smtp.writetimeout", "30000");
      Authenticator login = null;
      if (settings.username() != null) {
        properties.put("mail.smtp.auth", "true");
        PasswordAuthentication credentials = new PasswordAuthentication(settings.username(),
            ChannelType.required(key, "password", settings.password()));
        login = new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return credentials;
          }
        };
      }
      return new SmtpChannel(Session.getInstance(properties, login), ChannelType.required(key, "from", settings.from()));
    }
  }

  private final Session session;
  private final String from;

  SmtpChannel(Session session, String from) {
    this.session = session;
    this.from = from;
  }

  @Override
  public Set<LessonForm> forms() {
    return Set.of(LessonForm.TEXT, LessonForm.HTML);
  }

  @Override
  public void deliver(Message message) {
    try {
      Transport.send(MailMessage.of(session, from, message));
    } catch (MessagingException e) {
      throw new IllegalStateException("SMTP delivery to " + message.recipient() + " failed: " + e.getMessage(), e);
    }
  }
}
