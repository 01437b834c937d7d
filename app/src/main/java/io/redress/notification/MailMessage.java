package io.redress.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.StringJoiner;

/**
 * A lesson as an email, the same whichever channel carries it (an SMTP server, or SES as a raw message): the text,
 * and the HTML as its alternative when the lesson has it.
 */
final class MailMessage {

  /** UTF-8 bytes in one encoded word of a subject: 60 characters of base64, inside the 75 a word may have. */
  private static final int ENCODED_WORD_BYTES = 45;

  private MailMessage() {
  }

  static MimeMessage of(Session session, String from, Message message) throws MessagingException {
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
    return mail;
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
    int chunkBytes = 0;
    for (int point : subject.codePoints().toArray()) {
      String character = Character.toString(point);
      int bytes = character.getBytes(StandardCharsets.UTF_8).length;
      if (chunkBytes + bytes > ENCODED_WORD_BYTES) {
        words.add(encodedWord(chunk));
        chunk.setLength(0);
        chunkBytes = 0;
      }
      chunk.append(character);
      chunkBytes += bytes;
    }
    words.add(encodedWord(chunk));
    mail.setHeader("Subject", words.toString());
  }

  private static String encodedWord(CharSequence text) {
    return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8)) + "?=";
  }
}
