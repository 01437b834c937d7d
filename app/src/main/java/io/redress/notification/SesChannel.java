package io.redress.notification;

import io.redress.aws.AwsHttp;
import io.redress.config.RedressConfig.ChannelSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/**
 * Email through Amazon SES (API v2), with the SDK's default credentials (the notifier's role). The sender address
 * must be verified in SES.
 */
public final class SesChannel implements DeliveryChannel {

  /** {@code type: ses}. */
  public static final class Type implements ChannelType {
    @Override
    public String name() {
      return "ses";
    }

    @Override
    public DeliveryChannel open(String key, ChannelSettings settings) {
      SesV2ClientBuilder client = SesV2Client.builder()
          .httpClient(AwsHttp.client())
          .overrideConfiguration(AwsHttp::bounded)
          .region(Region.of(settings.region() != null ? settings.region() : "us-east-1"));
      settings.endpoint().ifPresent(client::endpointOverride);
      return new SesChannel(client.build(), ChannelType.required(key, "from", settings.from()));
    }
  }

  /** Only writes messages: SES sends them. */
  private static final Session MIME = Session.getInstance(new Properties());

  private final SesV2Client ses;
  private final String from;

  SesChannel(SesV2Client ses, String from) {
    this.ses = ses;
    this.from = from;
  }

  @Override
  public Set<LessonForm> forms() {
    return Set.of(LessonForm.TEXT, LessonForm.HTML);
  }

  /**
   * Sent as the raw message {@link MailMessage} makes, as SMTP sends it: from simple content SES would write the
   * subject as given, so an encoded word a finding put there would be decoded by the reader's mail client.
   */
  @Override
  public void deliver(Message message) {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try {
      MailMessage.of(MIME, from, message).writeTo(raw);
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("the lesson to " + message.recipient() + " could not be written as an email: "
          + e.getMessage(), e);
    }
    try {
      ses.sendEmail(request -> request
          .fromEmailAddress(from)
          .destination(to -> to.toAddresses(message.recipient()))
          .content(content -> content.raw(mail -> mail.data(SdkBytes.fromByteArray(raw.toByteArray())))));
    } catch (SdkException e) {
      throw new IllegalStateException("SES delivery to " + message.recipient() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ses.close();
  }
}
