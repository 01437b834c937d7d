package io.redress.notification;

import io.redress.aws.AwsHttp;
import io.redress.config.RedressConfig.ChannelSettings;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message.Builder;

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

  @Override
  public void deliver(Message message) {
    Body.Builder body = Body.builder().text(utf8(message.body()));
    if (message.html() != null) {
      body.html(utf8(message.html()));
    }
    try {
      ses.sendEmail(request -> request
          .fromEmailAddress(from)
          .destination(to -> to.toAddresses(message.recipient()))
          .content(EmailContent.builder().simple((Builder simple) -> simple
              .subject(utf8(message.subject())).body(body.build())).build()));
    } catch (SdkException e) {
      throw new IllegalStateException("SES delivery to " + message.recipient() + " failed: " + e.getMessage(), e);
    }
  }

  private static Content utf8(String text) {
    return Content.builder().data(text).charset("UTF-8").build();
  }

  @Override
  public void close() {
    ses.close();
  }
}
