package io.redress.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.redress.contract.Finding;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClientBuilder;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

/**
 * The last source of a creator: CloudTrail's event history ({@code LookupEvents} by resource name, the last 90
 * days), asked only when the finding, the creator index and the tags named nobody who can be taught. A failing
 * API is no reason to withhold the lesson: it goes to the next source (the security contact).
 *
 * <p>CloudTrail answers {@code LookupEvents} at most twice a second per account and region. A flood of lessons
 * (a template that made hundreds of public buckets) would otherwise call it for each, be throttled, wait out the
 * SDK's retries lesson after lesson, and still send nearly all of them to the next source. So the lookup asks only
 * while the API's rate allows, at most two at once and one more every half second, and otherwise passes the lesson
 * on at once; the creator index, fed by CloudTrail's events, is what scales.
 */
public final class CloudTrailApiLookup implements CreatorLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CloudTrailApiLookup.class);
  /** CloudTrail's quota for LookupEvents, per account and region; as many may go at once. */
  static final int REQUESTS_PER_SECOND = 2;
  static final long NANOS_PER_REQUEST = 1_000_000_000L / REQUESTS_PER_SECOND;
  private static final long SKIPS_LOGGED_EVERY_NANOS = 60_000_000_000L;

  private final CloudTrailClient cloudTrail;
  private final LongSupplier nanoTime;
  /** When the API would next have room for a request if none were made meanwhile (a token bucket's arrival time). */
  private long nextFree;
  private long skipped;
  private long skipsLoggedAt;

  CloudTrailApiLookup(CloudTrailClient cloudTrail) {
    this(cloudTrail, System::nanoTime);
  }

  /** @param nanoTime the clock the API's rate is kept by */
  CloudTrailApiLookup(CloudTrailClient cloudTrail, LongSupplier nanoTime) {
    this.cloudTrail = cloudTrail;
    this.nanoTime = nanoTime;
    this.nextFree = nanoTime.getAsLong();
    this.skipsLoggedAt = nextFree - SKIPS_LOGGED_EVERY_NANOS;
  }

  /** With the SDK's default credentials, in {@code region}, at {@code endpoint} when one is configured. */
  public static CloudTrailApiLookup of(String region, Optional<URI> endpoint) {
    CloudTrailClientBuilder builder = CloudTrailClient.builder().httpClient(UrlConnectionHttpClient.create())
        .region(Region.of(region));
    endpoint.ifPresent(builder::endpointOverride);
    return new CloudTrailApiLookup(builder.build());
  }

  @Override
  public Stream<Creator> candidates(Finding finding) {
    if (!mayAsk()) {
      return Stream.empty();
    }
    String id = finding.getResource().getId();
    String name = CloudTrailEvents.key("", id).substring(1);
    List<Event> events;
    try {
      events = cloudTrail.lookupEvents(request -> request.maxResults(50).lookupAttributes(attribute -> attribute
          .attributeKey(LookupAttributeKey.RESOURCE_NAME).attributeValue(name))).events();
    } catch (SdkException e) {
      log.warn("CloudTrail LookupEvents for {} failed; the lesson goes to the next source: {}", name, e.getMessage());
      return Stream.empty();
    }
    // Newest first: the creation, if it is within the history, is the last creating call.
    for (int i = events.size() - 1; i >= 0; i--) {
      Optional<Creator> creator = creatorIn(events.get(i));
      if (creator.isPresent()) {
        return creator.stream();
      }
    }
    return Stream.empty();
  }

  /** Takes a request from the API's rate if one is left now; counts, and now and then logs, the lessons passed on. */
  private synchronized boolean mayAsk() {
    long now = nanoTime.getAsLong();
    long from = nextFree - now > 0 ? nextFree : now;
    if (from - now > (REQUESTS_PER_SECOND - 1) * NANOS_PER_REQUEST) {
      skipped++;
      if (now - skipsLoggedAt >= SKIPS_LOGGED_EVERY_NANOS) {
        log.info("CloudTrail LookupEvents allows {} requests a second: {} lesson(s) went on to the next source without "
            + "asking it since this was last logged", REQUESTS_PER_SECOND, skipped);
        skipped = 0;
        skipsLoggedAt = now;
      }
      return false;
    }
    nextFree = from + NANOS_PER_REQUEST;
    return true;
  }

  private static Optional<Creator> creatorIn(Event event) {
    try {
      return CloudTrailEvents.creation(CreatorIndex.parse(event.cloudTrailEvent())).map(creation -> new Creator(
          creation.principal(), "CloudTrail's event history shows who created it (" + creation.eventName() + ")"));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    cloudTrail.close();
  }
}
