package io.redress.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.redress.contract.Finding;
import java.net.URI;
import java.util.List;
import java.util.Optional;
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
 */
public final class CloudTrailApiLookup implements CreatorLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CloudTrailApiLookup.class);
  private final CloudTrailClient cloudTrail;

  CloudTrailApiLookup(CloudTrailClient cloudTrail) {
    this.cloudTrail = cloudTrail;
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
