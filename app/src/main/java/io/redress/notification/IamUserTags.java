package io.redress.notification;

import io.redress.aws.AwsHttp;
import io.redress.resource.OwnAccount;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An IAM user's own address, from one of its tags ({@code iam:ListUserTags}), as Cloud Custodian's mailer reads it:
 * the tag's value when it is an email address. Asked for IAM users only, before the domain rule. A failing call
 * (no such user, access denied, throttled) is no reason to withhold the lesson: the next rule decides. Answers are
 * remembered for an hour, at most for the latest {@value #REMEMBERED} users, so a creator's many lessons cost one
 * call. Users of another account are not asked about ({@link OwnAccount}): the notifier's credentials would read a
 * same-named user of their own account.
 */
public final class IamUserTags implements Recipients.UserAddresses, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IamUserTags.class);
  private static final Pattern IAM_USER = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):user/(?:.*/)?([^/]+)");
  private static final Duration REMEMBER_FOR = Duration.ofHours(1);
  static final int REMEMBERED = 1000;

  private record Answer(Optional<String> value, Instant at) {
  }

  private final IamClient iam;
  private final OwnAccount ownAccount;
  private final String key;
  private final Clock clock;
  private final Map<String, Answer> answers = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
      return size() > REMEMBERED;
    }
  };

  IamUserTags(IamClient iam, OwnAccount ownAccount, String key, Clock clock) {
    this.iam = iam;
    this.ownAccount = ownAccount;
    this.key = key;
    this.clock = clock;
  }

  /** With the SDK's default credentials (the notifier's role), at {@code endpoint} when one is configured. */
  static IamUserTags of(String key, OwnAccount ownAccount, String region, Optional<URI> endpoint) {
    // IAM is global: its endpoint is the same whatever the region; the SDK still asks for one.
    IamClientBuilder builder = IamClient.builder().httpClient(AwsHttp.client())
        .overrideConfiguration(AwsHttp::bounded)
        .region(region.startsWith("cn-") ? Region.AWS_CN_GLOBAL : Region.AWS_GLOBAL);
    endpoint.ifPresent(builder::endpointOverride);
    return new IamUserTags(builder.build(), ownAccount, key, Clock.systemUTC());
  }

  /** The value of the user's tag, when the principal is an IAM user and has the tag. */
  @Override
  public synchronized Optional<String> tagOf(String principal) {
    Matcher user = IAM_USER.matcher(principal);
    if (!user.matches() || !ownAccount.is(user.group(1))) {
      return Optional.empty();
    }
    Answer known = answers.get(principal);
    if (known != null && known.at().plus(REMEMBER_FOR).isAfter(clock.instant())) {
      return known.value();
    }
    Optional<String> value;
    try {
      value = iam.listUserTags(request -> request.userName(user.group(2))).tags().stream()
          .filter(tag -> tag.key().equals(key)).map(Tag::value).findFirst();
    } catch (SdkException e) {
      log.warn("reading the {} tag of {} failed; the next rule decides its address: {}", key, principal,
          e.getMessage());
      return Optional.empty();
    }
    answers.put(principal, new Answer(value, clock.instant()));
    return value;
  }

  @Override
  public void close() {
    iam.close();
  }
}
