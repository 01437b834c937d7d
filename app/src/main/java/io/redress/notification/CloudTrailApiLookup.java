package io.redress.notification;

import io.redress.aws.AwsHttp;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.redress.contract.Finding;
import io.redress.contract.Resource;
import io.redress.notification.CloudTrailEvents.ResourceKey;
import io.redress.resource.BoundedClients;
import io.redress.resource.OwnAccount;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClientBuilder;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * The last source of a creator: CloudTrail's event history ({@code LookupEvents} by resource name, the last 90
 * days), asked only when the finding, the creator index and the tags named nobody who can be taught. A failing
 * API is no reason to withhold the lesson: it goes to the next source (the security contact).
 *
 * <p>The history is kept per account and region. It is read in the resource's region, in the partition's home
 * region for IAM (whose calls CloudTrail records there), and only for resources of the notifier's own account
 * ({@link OwnAccount}); a creation is taken only when it made the resource of the finding's account, not a
 * same-named one elsewhere. Resources of other accounts are left to the creator index, which an organisation trail
 * feeds with every account's events.
 *
 * <p>CloudTrail answers {@code LookupEvents} at most twice a second per account and region. A flood of lessons
 * (a template that made hundreds of public buckets) would otherwise call it for each, be throttled, wait out the
 * SDK's retries lesson after lesson, and still send nearly all of them to the next source. So the lookup asks only
 * while the region's rate allows, at most two at once and one more every half second, and otherwise passes the
 * lesson on at once; the creator index, fed by CloudTrail's events, is what scales.
 */
public final class CloudTrailApiLookup implements CreatorLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CloudTrailApiLookup.class);
  /** CloudTrail's quota for LookupEvents, per account and region; as many may go at once. */
  static final int REQUESTS_PER_SECOND = 2;
  static final long NANOS_PER_REQUEST = 1_000_000_000L / REQUESTS_PER_SECOND;
  private static final long SKIPS_LOGGED_EVERY_NANOS = 60_000_000_000L;
  /** Where CloudTrail records the calls of global services, by partition. */
  private static final Map<String, Region> HOME_REGIONS = Map.of("aws", Region.US_EAST_1, "aws-cn",
      Region.CN_NORTH_1, "aws-us-gov", Region.US_GOV_WEST_1);

  private final Function<Region, CloudTrailClient> connect;
  private final OwnAccount ownAccount;
  private final LongSupplier nanoTime;
  /**
   * Pages of 50 events read back for one lesson until a call that made the resource is found: a busy security group's
   * rule changes can push its creation past the first page. Each page takes its turn in the region's rate.
   */
  static final int MOST_PAGES = 5;
  /** The calls that make a resource, as opposed to those that change one into what a finding reports. */
  private static final Pattern MAKING = Pattern.compile("Create.*|RunInstances");
  /** More than every region there is: findings name the region, and an invented one must not be kept forever. */
  static final int MOST_REGIONS = 64;

  private final BoundedClients<Region, CloudTrailClient> clients = new BoundedClients<>(MOST_REGIONS);
  /** Per region, when the API would next have room for a request if none were made meanwhile (a token bucket). */
  private final Map<Region, Long> nextFree = new HashMap<>();
  private long skipped;
  private long skipsLoggedAt;

  /**
   * @param connect a client of the event history in a region
   * @param nanoTime the clock the API's rate is kept by
   */
  CloudTrailApiLookup(Function<Region, CloudTrailClient> connect, OwnAccount ownAccount, LongSupplier nanoTime) {
    this.connect = connect;
    this.ownAccount = ownAccount;
    this.nanoTime = nanoTime;
    this.skipsLoggedAt = nanoTime.getAsLong() - SKIPS_LOGGED_EVERY_NANOS;
  }

  /** With the SDK's default credentials, at {@code endpoint} when one is configured. */
  static CloudTrailApiLookup of(OwnAccount ownAccount, Optional<URI> endpoint) {
    return new CloudTrailApiLookup(region -> {
      CloudTrailClientBuilder builder = CloudTrailClient.builder().httpClient(AwsHttp.client())
          .overrideConfiguration(AwsHttp::bounded)
          .region(region);
      endpoint.ifPresent(builder::endpointOverride);
      return builder.build();
    }, ownAccount, System::nanoTime);
  }

  @Override
  public Stream<Creator> candidates(Finding finding) {
    Resource resource = finding.getResource();
    Region region = historyRegion(resource);
    Optional<ResourceKey> key = ResourceKey.of(resource);
    if (key.isEmpty() || !ownAccount.is(resource.getAccount()) || !mayAsk(region)) {
      return Stream.empty();
    }
    String name = key.get().name();
    Optional<CloudTrailEvents.Creation> creation = Optional.empty();
    String page = null;
    for (int pages = 1; ; pages++) {
      String token = page;
      LookupEventsResponse response;
      try {
        response = clients.get(region, connect).lookupEvents(request -> request.maxResults(50).nextToken(token)
            .lookupAttributes(attribute -> attribute.attributeKey(LookupAttributeKey.RESOURCE_NAME)
                .attributeValue(name)));
      } catch (SdkException e) {
        log.warn("CloudTrail LookupEvents for {} in {} failed; the lesson goes to the next source: {}", name, region,
            e.getMessage());
        break;
      }
      // Newest first: the oldest creating call of a page is the likeliest creation on it, and an older page's is
      // older still.
      List<Event> events = response.events();
      for (int i = events.size() - 1; i >= 0; i--) {
        Optional<CloudTrailEvents.Creation> created = creationIn(events.get(i), key.get());
        if (created.isPresent()) {
          creation = created;
          break;
        }
      }
      // A call that changed the resource (a rule authorized, a permission added) may be newer than its creation.
      boolean made = creation.filter(found -> MAKING.matcher(found.eventName()).matches()).isPresent();
      page = response.nextToken();
      if (made || page == null || page.isEmpty() || pages == MOST_PAGES || !mayAsk(region)) {
        break;
      }
    }
    return creation.map(found -> new Creator(found.principal(),
        "CloudTrail's event history shows who created it (" + found.eventName() + ")")).stream();
  }

  /** The resource's region; for IAM, its partition's home region, where CloudTrail records IAM's calls. */
  static Region historyRegion(Resource resource) {
    if (resource.getType().startsWith("AwsIam") && HOME_REGIONS.containsKey(resource.getPartition())) {
      return HOME_REGIONS.get(resource.getPartition());
    }
    return Region.of(resource.getRegion());
  }

  /** Takes a request from the region's rate if one is left now; counts, and now and then logs, the lessons passed on. */
  private synchronized boolean mayAsk(Region region) {
    long now = nanoTime.getAsLong();
    if (nextFree.size() > MOST_REGIONS) {
      // A region whose room came back is as good as one never asked: only invented regions pile up here.
      nextFree.values().removeIf(free -> free <= now);
    }
    long free = nextFree.getOrDefault(region, now);
    long from = free - now > 0 ? free : now;
    if (from - now > (REQUESTS_PER_SECOND - 1) * NANOS_PER_REQUEST) {
      skipped++;
      if (now - skipsLoggedAt >= SKIPS_LOGGED_EVERY_NANOS) {
        log.info("CloudTrail LookupEvents allows {} requests a second per region: {} lesson(s) went on to the next "
            + "source without asking it since this was last logged", REQUESTS_PER_SECOND, skipped);
        skipped = 0;
        skipsLoggedAt = now;
      }
      return false;
    }
    nextFree.put(region, from + NANOS_PER_REQUEST);
    return true;
  }

  /**
   * The event's creator when it created the resource keyed {@code key}: the same name of the same service, in the
   * same account and (but for S3 and IAM) region.
   */
  private static Optional<CloudTrailEvents.Creation> creationIn(Event event, ResourceKey key) {
    try {
      return CloudTrailEvents.creations(CreatorIndex.parse(event.cloudTrailEvent()))
          .filter(creation -> creation.key().equals(key)).findFirst();
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    clients.close();
  }
}
