package io.redress.notification;

import io.redress.config.RedressConfig.ChannelSettings;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

/** Email through an SMTP server: the text email, and the HTML one as its alternative when the lesson has it. */
public final class SmtpChannel implements DeliveryChannel {

  /** UTF-8 bytes in one encoded word of a subject: 60 characters of base64, inside the 75 a word may have. */
  private static final int ENCODED_WORD_BYTES = 45;

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
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress(from, true));
      mail.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(message.recipient(), true));
      setSubject(mail, message.subject());
      mail.setHeader("X-Redress-Notification", message.notificationId());
      if (message.html() == null) {
        mail.setText(message.body(), "UTF-8");
      } else {
        MimeMultipart alternatives = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.body(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.html(), "UTF-8", "html");
        alternatives.addBodyPart(text);
        alternatives.addBodyPart(html);
        mail.setContent(alternatives);
      }
      Transport.send(mail);
    } catch (MessagingException e) {
      throw new IllegalStateException("SMTP delivery to " + message.recipient() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * A subject holding what reads as an RFC 2047 encoded word ({@code =?UTF-8?B?...?=}, which a resource id may hold)
   * would be decoded by a lenient mail client into whatever it encodes, past the escaping of finding-supplied text;
   * such a subject is sent encoded whole, so a reader decodes it once, back to the text as escaped.
   */
  private static void setSubject(MimeMessage mail, String subject) throws MessagingException {
    if (!subject.contains("=?")) {
      mail.setSubject(subject, "UTF-8");
      return;
    }
    // Jakarta Mail leaves an ASCII subject as it is, so the words are made here, never splitting a character, one per
    // folded line.
    StringJoiner words = new StringJoiner("\r\n ");
    StringBuilder chunk = new StringBuilder();
    subject.codePoints().forEach(point -> {
      String character = Character.toString(point);
      if (utf8Length(chunk) + utf8Length(character) > ENCODED_WORD_BYTES) {
        words.add(encodedWord(chunk));
        chunk.setLength(0);
      }
      chunk.append(character);
    });
    words.add(encodedWord(chunk));
    mail.setHeader("Subject", words.toString());
  }

  private static int utf8Length(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  private static String encodedWord(CharSequence text) {
    return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8)) + "?=";
  }
}
