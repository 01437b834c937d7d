package io.redress.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.redress.contract.FindingSource;
import io.redress.contract.Mode;
import io.redress.resource.ResourceIds;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole configuration, validated. {@link ConfigLoader} binds the YAML file onto these records: a key is a
 * component's name in kebab case unless annotated otherwise, and a component left null (its key absent) takes its
 * default. Each record checks its own values and names a bad one by its key below the record; the loader puts the
 * record's own path in front.
 */
public record RedressConfig(
    KafkaSettings kafka,
    @JsonProperty("controls") PolicySettings policy,
    Duration cooldown,
    BreakerSettings breaker,
    AwsSettings aws,
    NotificationSettings notifications,
    IngestSettings ingest,
    ExceptionSettings exceptions,
    HttpSettings http,
    ExecutorSettings executor,
    AuditSettings audit) {

  static final String MODES = "one of auto, dry-run, notify-only, off";
  static final String CONTROL_MODES = "one of auto, dry-run, approve, notify-only, off";
  /** The longest span of time any setting takes: ten years; an audit trail kept longer is kept for ever. */
  static final Duration LONGEST = Duration.ofDays(3650);

  public RedressConfig {
    kafka = kafka != null ? kafka : new KafkaSettings(null, null, null, null, null);
    policy = policy != null ? policy : new PolicySettings(null, null);
    cooldown = duration("cooldown", cooldown, Duration.ofHours(1));
    breaker = breaker != null ? breaker : new BreakerSettings(null, null, null, null, null);
    aws = aws != null ? aws : AwsSettings.NOT_CONFIGURED;
    notifications = notifications != null ? notifications : new NotificationSettings(null);
    ingest = ingest != null ? ingest : IngestSettings.bind(null, null, null);
    exceptions = exceptions != null ? exceptions : new ExceptionSettings(null);
    http = http != null ? http : HttpSettings.defaults();
    executor = executor != null ? executor : new ExecutorSettings(null, null);
    audit = audit != null ? audit : new AuditSettings(null);
  }

  /** The same configuration pointed at a given cluster, e.g. the embedded broker once it has started. */
  public RedressConfig withBootstrapServers(String bootstrapServers) {
    return new RedressConfig(
        kafka.withBootstrapServers(bootstrapServers),
        policy, cooldown, breaker, aws, notifications, ingest, exceptions, http, executor, audit);
  }

  /**
   * @param bootstrapServers empty: start the embedded single-node broker (a blank value is refused)
   * @param properties passed as they are to every Kafka client (security settings for MSK, for instance)
   * @param partitions of each topic Redress creates (existing topics keep theirs): the most instances, stream
   *     threads and executors that can share the work
   * @param streamThreads Kafka Streams threads of the decision topology in this process
   * @param streams Kafka Streams settings of the decision topology (num.standby.replicas, for instance), over the
   *     other maps
   * @param producer settings of every producer, those inside Kafka Streams too, over {@code properties}
   * @param consumer settings of every consumer, those inside Kafka Streams too, over {@code properties}
   * @param admin settings of every admin client, the one inside Kafka Streams too, over {@code properties}
   * @param topicPrefix put before every topic name and the default application id, so that environments sharing a
   *     cluster keep apart and one prefixed ACL covers each
   * @param stateStoreMemoryMb off-heap memory (MiB) that every RocksDB store of the topology in this process shares
   */
  public record KafkaSettings(Optional<String> bootstrapServers, String applicationId, Map<String, String> properties,
      Integer partitions, Integer streamThreads, Map<String, String> streams, Map<String, String> producer,
      Map<String, String> consumer, Map<String, String> admin, String topicPrefix, Integer stateStoreMemoryMb) {

    public KafkaSettings {
      bootstrapServers = bootstrapServers == null ? Optional.empty() : bootstrapServers;
      if (bootstrapServers.filter(String::isBlank).isPresent()) {
        // An empty variable or template value must not swap the cluster for a broker of this process's own.
        throw new ConfigException("bootstrap-servers", "empty; leave it out to run the embedded broker");
      }
      try {
        topicPrefix = new Topics(topicPrefix).prefix();
      } catch (IllegalArgumentException e) {
        throw new ConfigException("topic-prefix", e.getMessage());
      }
      applicationId = applicationId != null ? applicationId : topicPrefix + "redress";
      if (applicationId.isBlank()) {
        throw new ConfigException("application-id", "must not be blank");
      }
      properties = withValues("properties", properties);
      partitions = partitions != null ? partitions : 6;
      within("partitions", partitions, 1, 1000);
      streamThreads = streamThreads != null ? streamThreads : 1;
      within("stream-threads", streamThreads, 1, 64);
      stateStoreMemoryMb = stateStoreMemoryMb != null ? stateStoreMemoryMb : 64;
      within("state-store-memory-mb", stateStoreMemoryMb, 16, 1 << 20);
      streams = withValues("streams", streams);
      producer = withValues("producer", producer);
      consumer = withValues("consumer", consumer);
      admin = withValues("admin", admin);
      KafkaClientValues.everyClient("properties", properties);
      KafkaClientValues.streams("streams", streams);
      KafkaClientValues.producer("producer", producer);
      KafkaClientValues.consumer("consumer", consumer);
      KafkaClientValues.admin("admin", admin);
    }

    /** The settings without per-client-type ones. */
    public KafkaSettings(Optional<String> bootstrapServers, String applicationId, Map<String, String> properties,
        Integer partitions, Integer streamThreads) {
      this(bootstrapServers, applicationId, properties, partitions, streamThreads, null, null, null, null, null, null);
    }

    /** The same settings pointed at a given cluster. */
    KafkaSettings withBootstrapServers(String servers) {
      return new KafkaSettings(Optional.of(servers), applicationId, properties, partitions, streamThreads, streams,
          producer, consumer, admin, topicPrefix, stateStoreMemoryMb);
    }

    /** Kafka's secrets (a SASL login's password, a keystore's) never show in a message. */
    @Override
    public String toString() {
      return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
          + ", properties=" + KafkaClientValues.shown(properties) + ", partitions=" + partitions
          + ", streamThreads=" + streamThreads + ", streams=" + KafkaClientValues.shown(streams)
          + ", producer=" + KafkaClientValues.shown(producer) + ", consumer=" + KafkaClientValues.shown(consumer)
          + ", admin=" + KafkaClientValues.shown(admin) + ", topicPrefix=" + topicPrefix
          + ", stateStoreMemoryMb=" + stateStoreMemoryMb + "]";
    }

    /** The names of Redress's topics in this deployment. */
    public Topics topics() {
      return new Topics(topicPrefix);
    }

    private static Map<String, String> withValues(String key, Map<String, String> settings) {
      if (settings == null) {
        return Map.of();
      }
      settings.forEach((name, value) -> {
        if (value == null) {
          throw new ConfigException(key + "." + name, "missing value");
        }
      });
      return Map.copyOf(settings);
    }

    /** Properties every client starts from: the cluster and whatever extra settings the deployment needs. */
    public Map<String, Object> clientConfig() {
      Map<String, Object> client = new HashMap<>(properties);
      client.put("bootstrap.servers", bootstrapServers.orElseThrow(() -> new ConfigException(
          "kafka.bootstrap-servers", "no Kafka cluster is configured and the embedded broker has not started")));
      return client;
    }

    public Properties clientProperties() {
      Properties client = new Properties();
      client.putAll(clientConfig());
      return client;
    }

    /**
     * Settings of a consumer: those of every client, then {@code consumer}'s. No consumer makes a topic it reads
     * unless those say so: on a cluster that creates topics on demand, a reader that names a topic before it is
     * provisioned would create it with the cluster's partitions and settings rather than Redress's (a findings topic
     * stamped by producers, with the delete policy, which Redress refuses).
     */
    public Map<String, Object> consumerConfig() {
      Map<String, Object> settings = clientConfig();
      settings.putIfAbsent("allow.auto.create.topics", "false");
      return over(settings, consumer);
    }

    /** {@link #consumerConfig()} for the readers that take {@link Properties}. */
    public Properties consumerProperties() {
      Properties settings = new Properties();
      settings.putAll(consumerConfig());
      return settings;
    }

    /** Settings of a producer: those of every client, then {@code producer}'s. */
    public Map<String, Object> producerConfig() {
      return over(clientConfig(), producer);
    }

    /** Settings of an admin client: those of every client, then {@code admin}'s. */
    public Map<String, Object> adminConfig() {
      return over(clientConfig(), admin);
    }

    /**
     * Settings of Kafka Streams: those of every client, the per-type ones under Kafka Streams' own prefixes for its
     * consumers, producers and admin client ({@code consumer.}, {@code producer.}, {@code admin.}), then
     * {@code streams}', which may use any Kafka Streams prefix itself ({@code main.consumer.}, for instance).
     */
    public Properties streamsProperties() {
      Properties settings = new Properties();
      settings.putAll(clientConfig());
      consumer.forEach((name, value) -> settings.put("consumer." + name, value));
      producer.forEach((name, value) -> settings.put("producer." + name, value));
      admin.forEach((name, value) -> settings.put("admin." + name, value));
      settings.putAll(streams);
      return settings;
    }

    private static Map<String, Object> over(Map<String, Object> base, Map<String, String> specific) {
      Map<String, Object> settings = new HashMap<>(base);
      settings.putAll(specific);
      return settings;
    }
  }

  /**
   * How each control is handled; a control not listed gets {@code defaultMode}. Control ids are matched without
   * regard to case ({@code CloudTrail.1} and {@code CLOUDTRAIL.1} are one control), as an environment variable
   * cannot spell them otherwise.
   *
   * @param approvals controls in approval mode ({@code mode: approve}): their mode is {@link Mode#AUTO} and each
   *     command waits for a person to approve it
   */
  public record PolicySettings(
      Mode defaultMode, Map<String, Mode> controls, Set<String> approvals, ControlParameters parameters) {
    private static final Pattern CONTROL_ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.\\d+");

    public PolicySettings {
      defaultMode = defaultMode != null ? defaultMode : Mode.DRY_RUN;
      controls = byControlId(controls != null ? controls : Map.of());
      approvals = approvals(approvals != null ? approvals : Set.of(), controls);
      parameters = parameters != null ? parameters : ControlParameters.SECURITY_HUB_DEFAULTS;
    }

    /** Modes only: no control awaits approval, every control parameter at Security Hub's default. */
    public PolicySettings(Mode defaultMode, Map<String, Mode> controls) {
      this(defaultMode, controls, null, null);
    }

    /** In the file every key beside {@code default-mode} is a control id: {@code S3.8: {mode: auto}}. */
    @JsonCreator
    static PolicySettings bind(
        @JsonProperty("default-mode") Mode defaultMode, @JsonAnySetter Map<String, ControlSettings> controls) {
      Map<String, Mode> modes = new LinkedHashMap<>();
      Set<String> approvals = new LinkedHashSet<>();
      if (controls != null) {
        controls.forEach((id, settings) -> {
          modes.put(id, settings != null ? settings.mode().recorded() : null);
          if (settings != null && settings.mode() == ControlMode.APPROVE) {
            approvals.add(id);
          }
        });
      }
      return new PolicySettings(defaultMode, modes, approvals,
          ControlParameters.of(controls != null ? controls : Map.of()));
    }

    public Mode modeOf(String control) {
      return controls.getOrDefault(control, defaultMode);
    }

    /** Whether the control is in approval mode: each of its commands waits for a person. */
    public boolean requiresApproval(String control) {
      return approvals.contains(control);
    }

    private static Set<String> approvals(Set<String> approvals, Map<String, Mode> controls) {
      TreeSet<String> byId = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      approvals.forEach(id -> {
        if (controls.get(id) != Mode.AUTO) {
          throw new ConfigException(id + ".mode", "approval applies to a control whose commands act for real");
        }
        byId.add(id);
      });
      return Collections.unmodifiableSet(byId);
    }

    private static Map<String, Mode> byControlId(Map<String, Mode> modes) {
      TreeMap<String, Mode> byId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      modes.forEach((id, mode) -> {
        if (!CONTROL_ID.matcher(id).matches()) {
          throw new ConfigException(id, "not a control id (expected something like S3.8)");
        }
        if (byId.containsKey(id)) {
          throw new ConfigException(id, "the same control as " + byId.ceilingKey(id) + " (ids ignore case)");
        }
        if (mode == null) {
          throw new ConfigException(id + ".mode", "missing; " + CONTROL_MODES);
        }
        byId.put(id, mode);
      });
      return Collections.unmodifiableMap(byId);
    }
  }

  /**
   * One control's entry under {@code controls}: its mode and, for the controls that take them, the parameters
   * {@link ControlParameters} reads (absent: null, the default).
   */
  record ControlSettings(ControlMode mode, List<Integer> authorizedTcpPorts, List<Integer> authorizedUdpPorts,
      Duration maxAccessKeyAge, Duration maxCredentialUsageAge, String kmsKey, Integer minimumPasswordLength,
      Boolean requireUppercaseCharacters, Boolean requireLowercaseCharacters, Boolean requireSymbols,
      Boolean requireNumbers, Integer passwordReusePrevention, Integer maxPasswordAge) {
    ControlSettings {
      if (mode == null) {
        throw new ConfigException("mode", "missing; " + CONTROL_MODES);
      }
    }
  }

  /**
   * Commands admitted per {@code window} and scope before the breaker opens; an open breaker closes by itself after
   * {@code openFor}, or, with {@code halfOpenAfter}, half-opens after that long instead: for one window it admits
   * the first {@code halfOpenTrickle} commands of the scope and holds the rest, then closes if no more than the
   * threshold came, else opens again.
   */
  public record BreakerSettings(Duration window, Duration openFor, Thresholds thresholds,
      Optional<Duration> halfOpenAfter, Integer halfOpenTrickle) {

    public BreakerSettings {
      window = duration("window", window, Duration.ofMinutes(5));
      openFor = duration("open-for", openFor, Duration.ofMinutes(30));
      thresholds = thresholds != null ? thresholds : Thresholds.bind(null, null, null);
      halfOpenAfter = halfOpenAfter != null
          ? halfOpenAfter.map(after -> duration("half-open-after", after, after)) : Optional.empty();
      halfOpenTrickle = halfOpenTrickle != null ? halfOpenTrickle : 1;
      within("half-open-trickle", halfOpenTrickle, 1, Integer.MAX_VALUE);
    }

    public int global() {
      return thresholds.global();
    }

    public int perAccount() {
      return thresholds.account();
    }

    public int perControl() {
      return thresholds.control();
    }
  }

  /** The most commands admitted per window: overall, per account, per control. */
  public record Thresholds(int global, int account, int control) {

    public Thresholds {
      within("global", global, 1, Integer.MAX_VALUE);
      within("account", account, 1, Integer.MAX_VALUE);
      within("control", control, 1, Integer.MAX_VALUE);
    }

    @JsonCreator
    static Thresholds bind(
        @JsonProperty("global") Integer global,
        @JsonProperty("account") Integer account,
        @JsonProperty("control") Integer control) {
      return new Thresholds(global != null ? global : 50, account != null ? account : 20,
          control != null ? control : 30);
    }
  }

  /**
   * @param configured false when no aws section is given: executors then plan offline and change nothing
   * @param endpoint one AWS-compatible endpoint for every service instead of AWS's own (an emulator); a VPC endpoint
   *     serves one service, and its private DNS needs no override
   * @param roles role to assume per account id for cross-account action
   * @param forceDryRun true: every command is planned only, whatever its control's mode
   */
  public record AwsSettings(
      boolean configured,
      String region,
      Optional<URI> endpoint,
      Map<String, AccountRole> roles,
      boolean forceDryRun) {

    static final AwsSettings NOT_CONFIGURED = new AwsSettings(false, null, null, null, false);
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:(?<partition>[^:]+):iam::(?<account>\\d{12}):role/.+");

    public AwsSettings {
      region = region != null ? region : "us-east-1";
      if (region.isBlank()) {
        throw new ConfigException("region", "must not be blank; an AWS region such as us-east-1");
      }
      endpoint = endpoint != null ? endpoint : Optional.empty();
      if (endpoint.isPresent() && (endpoint.get().getScheme() == null || endpoint.get().getHost() == null)) {
        throw new ConfigException("endpoint",
            "expected an absolute URL such as http://127.0.0.1:5000, got " + endpoint.get());
      }
      roles = roles != null ? byAccount(roles) : Map.of();
    }

    /**
     * An aws key in the file or the environment is what enables AWS access; an empty section ({@code aws: {}}, or
     * no account under {@code accounts}) sets none, so it leaves access off rather than act with the defaults.
     */
    @JsonCreator
    static AwsSettings bind(
        @JsonProperty("region") String region,
        @JsonProperty("endpoint") Optional<URI> endpoint,
        @JsonProperty("dry-run") Boolean dryRun,
        @JsonProperty("accounts") Map<String, AccountRole> accounts) {
      if (region == null && (endpoint == null || endpoint.isEmpty()) && dryRun == null
          && (accounts == null || accounts.isEmpty())) {
        return NOT_CONFIGURED;
      }
      return new AwsSettings(true, region, endpoint, accounts, Boolean.TRUE.equals(dryRun));
    }

    private static Map<String, AccountRole> byAccount(Map<String, AccountRole> roles) {
      roles.forEach((id, role) -> {
        if (!ACCOUNT_ID.matcher(id).matches()) {
          throw new ConfigException("accounts." + id, "not a twelve-digit account id");
        }
        String key = "accounts." + id + ".role-arn";
        String roleArn = role != null ? role.roleArn() : null;
        Matcher arn = roleArn != null ? ROLE_ARN.matcher(roleArn) : null;
        if (arn == null || !arn.matches()) {
          throw new ConfigException(key, "expected an IAM role ARN, got " + (roleArn != null ? roleArn : "nothing"));
        }
        String partition = arn.group("partition");
        if (!ResourceIds.PARTITIONS.contains(partition)) {
          throw new ConfigException(key, roleArn + " names '" + partition + "', not an AWS partition; one of "
              + String.join(", ", ResourceIds.PARTITIONS.stream().sorted().toList()));
        }
        // A role of another account would act there on what has the same name as the finding's resource (an IAM
        // user, a function, the password policy), so it is refused before any command runs.
        String roleAccount = arn.group("account");
        if (!roleAccount.equals(id)) {
          throw new ConfigException(key, roleArn + " is a role of account " + roleAccount + ", not of " + id
              + ": the role assumed for an account must be in that account");
        }
      });
      return Map.copyOf(roles);
    }
  }

  /** Checked where it is used, in {@link AwsSettings}, so that a bad account id is reported before its role. */
  public record AccountRole(String roleArn, Optional<String> externalId) {
    public AccountRole {
      externalId = externalId != null ? externalId : Optional.empty();
    }
  }

  /**
   * @param securityContact who hears about findings whose creator is unknown, and about breaker trips
   * @param channels delivery channels by a name the user chooses; none: lessons are printed on the console
   * @param routes which channels a notification goes to, by control or severity
   * @param creatorTags resource tags naming a resource's owner, tried in this order (creator lookup)
   * @param emailDomain the domain of a creator whose principal names a user but no address ({@code alice} becomes
   *     {@code alice@<domain>}); empty: such a creator cannot be mailed and the security contact is told
   * @param digest when a creator's lessons are collected into one digest instead of one mail each
   * @param addressTag the IAM user tag holding a user's email address ({@code iam:ListUserTags}, with AWS access),
   *     read before the domain rule; empty (a blank value): not read
   * @param recipientDomains the only domains a creator's lesson is mailed to, lower case; empty: any. A creator's
   *     address comes from what anyone who can tag a resource or name a role session chooses, and a lesson describes
   *     a weakness of that resource, so it must not go wherever a payload says. By default the email domain alone,
   *     when one is set
   */
  public record NotificationSettings(String securityContact, Map<String, ChannelSettings> channels, Routes routes,
      List<String> creatorTags, Optional<String> emailDomain, DigestSettings digest, Optional<String> addressTag,
      List<String> recipientDomains) {
    public NotificationSettings {
      digest = digest != null ? digest : new DigestSettings(null, null, null);
      addressTag = addressTag != null ? addressTag.map(String::strip).filter(tag -> !tag.isEmpty())
          : Optional.of("email");
      securityContact = securityContact != null ? securityContact : "security-team@example.com";
      channels = channels != null ? Map.copyOf(channels) : Map.of();
      routes = routes != null ? routes : new Routes(null, null, null);
      creatorTags = creatorTags != null ? List.copyOf(creatorTags) : List.of("owner", "created-by");
      emailDomain = emailDomain != null ? emailDomain.filter(domain -> !domain.isBlank()) : Optional.empty();
      // Checked here rather than when a mail fails: every notification to a contact no server takes would be lost.
      if (!EmailAddresses.isAddress(securityContact)) {
        throw new ConfigException("security-contact", "'" + securityContact
            + "' is not an email address (expected one plain address, e.g. security-team@example.com)");
      }
      emailDomain.filter(domain -> !EmailAddresses.isDomain(domain)).ifPresent(domain -> {
        throw new ConfigException("email-domain", "'" + domain
            + "' is not a mail domain (expected e.g. example.com, so that alice is mailed at alice@example.com)");
      });
      recipientDomains = recipientDomains != null ? recipientDomains : emailDomain.map(List::of).orElse(List.of());
      for (String domain : recipientDomains) {
        if (domain == null || !EmailAddresses.isDomain(domain)) {
          throw new ConfigException("recipient-domains", "'" + domain + "' is not a mail domain (expected e.g."
              + " example.com; a lesson is then mailed only to addresses @example.com)");
        }
      }
      recipientDomains = recipientDomains.stream().map(domain -> domain.toLowerCase(Locale.ROOT)).toList();
      for (Map.Entry<String, ChannelSettings> channel : channels.entrySet()) {
        if (channel.getValue() == null || channel.getValue().type() == null || channel.getValue().type().isBlank()) {
          throw new ConfigException("channels." + channel.getKey() + ".type", "missing; one of smtp, ses, slack, console");
        }
        channel.getValue().check("channels." + channel.getKey());
      }
      Map<String, ChannelSettings> configured = channels;
      routes.channelNames().filter(name -> !configured.containsKey(name)).findFirst().ifPresent(name -> {
        throw new ConfigException("routes", "names channel '" + name + "', which is not under notifications.channels");
      });
    }

    /** The security contact alone, every other setting at its default. */
    public NotificationSettings(String securityContact) {
      this(securityContact, null, null, null, null, null, null, null);
    }

    /** Every setting but the digest and the address tag, which take their defaults. */
    public NotificationSettings(String securityContact, Map<String, ChannelSettings> channels, Routes routes,
        List<String> creatorTags, Optional<String> emailDomain) {
      this(securityContact, channels, routes, creatorTags, emailDomain, null, null, null);
    }

    @JsonCreator
    static NotificationSettings bind(
        @JsonProperty("security-contact") String securityContact,
        @JsonProperty("channels") Map<String, ChannelSettings> channels,
        @JsonProperty("routes") Routes routes,
        @JsonProperty("creator-tags") List<String> creatorTags,
        @JsonProperty("email-domain") Optional<String> emailDomain,
        @JsonProperty("digest") DigestSettings digest,
        @JsonProperty("address-tag") String addressTag,
        @JsonProperty("recipient-domains") List<String> recipientDomains) {
      // A plain string, so that an absent key (null: the default tag) differs from a blank one (no tag).
      return new NotificationSettings(securityContact, channels, routes, creatorTags, emailDomain, digest,
          addressTag == null ? null : Optional.of(addressTag), recipientDomains);
    }
  }

  /**
   * A creator's lessons within one window: the first {@code atOnce} go out at once (the lesson is most useful right
   * after the change), the rest of the window wait for its end and go out as one digest. A lesson at the window's
   * end or later opens the next window. Lessons to the security contact, threats and held commands are never
   * collected.
   *
   * @param enabled false: every lesson is sent on its own, at once
   * @param window how long a window lasts from the lesson that opens it
   * @param atOnce how many lessons of a window are sent at once before the rest are collected; 0 collects them all
   */
  public record DigestSettings(Boolean enabled, Duration window, Integer atOnce) {
    public DigestSettings {
      enabled = enabled != null ? enabled : true;
      window = duration("window", window, Duration.ofHours(1));
      atOnce = atOnce != null ? atOnce : 1;
      within("at-once", atOnce, 0, 1000);
    }
  }

  /**
   * One delivery channel. Which keys it needs depends on its type, and the channel checks them when it opens:
   * {@code smtp} (host, port, from, starttls, username, password), {@code ses} (from, region, endpoint),
   * {@code slack} (webhook-url), {@code console}.
   */
  public record ChannelSettings(String type, String host, Integer port, String from, Boolean starttls,
      String username, String password, String region, Optional<URI> endpoint, Optional<URI> webhookUrl) {
    public ChannelSettings {
      endpoint = endpoint != null ? endpoint : Optional.empty();
      webhookUrl = webhookUrl != null ? webhookUrl : Optional.empty();
    }

    /**
     * The values a channel's client would only refuse when it opens, or a webhook when it is first posted to, after
     * Redress had started. Checked by the section holding the channels, as webhook sources are, so that Jackson
     * names a misspelled key first.
     *
     * @param key the channel's path below that section
     */
    void check(String key) {
      if (region != null && region.isBlank()) {
        throw new ConfigException(key + ".region", "must not be blank; an AWS region such as us-east-1");
      }
      endpoint.filter(uri -> uri.getScheme() == null || uri.getHost() == null).ifPresent(uri -> {
        throw new ConfigException(key + ".endpoint",
            "expected an absolute URL such as https://email.us-east-1.amazonaws.com, got " + uri);
      });
      webhookUrl.filter(url -> !"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())
          || url.getHost() == null).ifPresent(url -> {
            throw new ConfigException(key + ".webhook-url", "expected an https:// URL with a host, such as"
                + " https://hooks.slack.com/services/...; the value is not shown, as it is a secret");
          });
    }

    /** The password and the webhook URL (a bearer credential) never show in a message. */
    @Override
    public String toString() {
      return "ChannelSettings[type=" + type + ", host=" + host + ", port=" + port + ", from=" + from + ", starttls="
          + starttls + ", username=" + username + ", password=" + (password != null ? "(hidden)" : null)
          + ", region=" + region + ", endpoint=" + endpoint
          + ", webhookUrl=" + webhookUrl.map(url -> "(hidden)").orElse("none") + "]";
    }
  }

  /**
   * Which channels a notification goes to: its control's route if it has one, else its severity's, else
   * {@code default} (absent: every configured channel).
   */
  public record Routes(Map<String, List<String>> controls, Map<String, List<String>> severities,
      List<String> defaultChannels) {
    /** A route to no channel would drop its notifications without a result saying so. */
    private static final String EMPTY_ROUTE = "a route to no channel would drop its notifications; name a channel";

    public Routes {
      controls = controls != null ? nonEmpty("controls.", controls) : Map.of();
      severities = severities != null ? nonEmpty("severities.", severities) : Map.of();
      if (defaultChannels != null && defaultChannels.isEmpty()) {
        throw new ConfigException("default", EMPTY_ROUTE + ", or leave the key out to use every configured channel");
      }
      defaultChannels = defaultChannels != null ? List.copyOf(defaultChannels) : null;
    }

    private static Map<String, List<String>> nonEmpty(String prefix, Map<String, List<String>> routes) {
      routes.forEach((key, channels) -> {
        if (channels == null || channels.isEmpty()) {
          throw new ConfigException(prefix + key, EMPTY_ROUTE + ", or leave the key out to use the next route");
        }
      });
      return Map.copyOf(routes);
    }

    @JsonCreator
    static Routes bind(
        @JsonProperty("controls") Map<String, List<String>> controls,
        @JsonProperty("severities") Map<String, List<String>> severities,
        @JsonProperty("default") List<String> defaultChannels) {
      return new Routes(controls, severities, defaultChannels);
    }

    Stream<String> channelNames() {
      return Stream.of(controls.values().stream().flatMap(List::stream),
          severities.values().stream().flatMap(List::stream),
          defaultChannels == null ? Stream.<String>empty() : defaultChannels.stream())
          .flatMap(names -> names);
    }
  }

  /**
   * @param maxRecordBytes the largest raw finding the normalize step reads; a larger one is dead-lettered
   * @param webhookMappings a directory of webhook mapping files ({@code *.json}) read besides the bundled ones, so
   *     that another vendor's payload maps without a new build
   * @param sources what each named source may deliver, by the name its raw records carry ({@link SourceNames});
   *     a source not named here (and a record naming none) is not limited
   */
  public record IngestSettings(int maxRecordBytes, Optional<Path> webhookMappings, Map<String, SourceLimits> sources) {
    static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    public IngestSettings {
      within("max-record-bytes", maxRecordBytes, 1024, 16 * 1024 * 1024);
      webhookMappings = webhookMappings == null ? Optional.empty() : webhookMappings;
      webhookMappings.filter(dir -> !Files.isDirectory(dir)).ifPresent(dir -> {
        throw new ConfigException("webhook-mappings", "not a directory: " + dir.toAbsolutePath());
      });
      sources = sources != null ? sources : Map.of();
      sources.forEach((name, limits) -> {
        if (!SourceNames.isName(name)) {
          throw new ConfigException("sources." + name, "not a source name: " + SourceNames.RULE);
        }
        if (limits == null || limits.accounts().isEmpty() && limits.formats().isEmpty()) {
          throw new ConfigException("sources." + name, "limits nothing; set accounts, formats or both, or leave the"
              + " source out");
        }
      });
      sources = Collections.unmodifiableMap(new TreeMap<>(sources));
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static IngestSettings bind(@JsonProperty("max-record-bytes") Integer maxRecordBytes,
        @JsonProperty("webhook-mappings") String webhookMappings,
        @JsonProperty("sources") Map<String, SourceLimits> sources) {
      return new IngestSettings(maxRecordBytes != null ? maxRecordBytes : DEFAULT_MAX_RECORD_BYTES,
          Optional.ofNullable(webhookMappings).filter(dir -> !dir.isBlank()).map(Path::of), sources);
    }
  }

  /**
   * What one source may deliver. Whoever holds a webhook source's secret can send any finding under its name, and a
   * finding names the account whose resource is then changed; these limits bound what a leaked secret or a
   * misconfigured sender can reach. A raw record with a finding outside them is dead-lettered whole.
   *
   * @param accounts the only accounts its findings may name, in order; empty: any
   * @param formats the only emitters its findings may be read as (a finding's {@code source}); empty: any
   */
  public record SourceLimits(Set<String> accounts, Set<FindingSource> formats) {
    public SourceLimits {
      accounts = Collections.unmodifiableSet(new TreeSet<>(accounts));
      formats = formats.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(formats));
    }

    public boolean allowsAccount(String account) {
      return accounts.isEmpty() || accounts.contains(account);
    }

    public boolean allowsFormat(FindingSource format) {
      return formats.isEmpty() || formats.contains(format);
    }

    /** How a format is written in the configuration: {@code security-hub} for SECURITY_HUB. */
    public static String formatName(FindingSource format) {
      return format.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    static SourceLimits bind(@JsonProperty("accounts") List<String> accounts,
        @JsonProperty("formats") List<String> formats) {
      Set<String> accountIds = new TreeSet<>();
      for (String account : listed("accounts", accounts, "account")) {
        if (account == null || !AwsSettings.ACCOUNT_ID.matcher(account).matches()) {
          throw new ConfigException("accounts", "'" + account + "' is not a twelve-digit account id");
        }
        accountIds.add(account);
      }
      Set<FindingSource> emitters = new LinkedHashSet<>();
      for (String format : listed("formats", formats, "format")) {
        emitters.add(Stream.of(FindingSource.values()).filter(known -> formatName(known).equals(format)).findFirst()
            .orElseThrow(() -> new ConfigException("formats", "'" + format + "' is not a format; one of "
                + String.join(", ", Stream.of(FindingSource.values()).map(SourceLimits::formatName).toList()))));
      }
      return new SourceLimits(accountIds, emitters);
    }

    /** Absent is any; an empty list, which would let nothing through, is more likely a mistake than a wish. */
    private static List<String> listed(String key, List<String> values, String what) {
      if (values == null) {
        return List.of();
      }
      if (values.isEmpty()) {
        throw new ConfigException(key, "empty; name at least one " + what + ", or leave " + key + " out for any");
      }
      return values;
    }
  }

  /** @param maxExpiry the longest an exception published through Redress's own commands may run */
  public record ExceptionSettings(Duration maxExpiry) {
    public ExceptionSettings {
      maxExpiry = duration("max-expiry", maxExpiry, Duration.ofDays(90));
    }
  }

  /**
   * @param concurrency commands an executor runs at once; commands on one resource always run one after the other,
   *     in the order they were issued
   * @param perAccountRegion of those, the most in one account and region, whose API limits they share
   */
  public record ExecutorSettings(int concurrency, int perAccountRegion) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public ExecutorSettings(@JsonProperty("concurrency") Integer concurrency,
        @JsonProperty("per-account-region") Integer perAccountRegion) {
      this(concurrency != null ? concurrency : 16, perAccountRegion != null ? perAccountRegion : 8);
    }

    public ExecutorSettings {
      within("concurrency", concurrency, 1, 256);
      within("per-account-region", perAccountRegion, 1, 256);
    }
  }

  /**
   * @param retention how long the audit trail's topics keep their records when Redress creates them; absent: for
   *     ever ({@code retention.ms=-1}), which a replay from the start and {@code audit verify} need
   */
  public record AuditSettings(Optional<Duration> retention) {
    public AuditSettings {
      retention = retention == null ? Optional.empty() : retention;
      retention.ifPresent(value -> duration("retention", value, value));
    }
  }

  /**
   * A span of time, which Redress counts in whole milliseconds (Kafka's timestamps): a finer one would be cut to a
   * zero window or cool-down, and one beyond {@link #LONGEST} would overflow the milliseconds added to a time.
   */
  private static Duration duration(String key, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(key, "must be positive, got " + value);
    }
    if (value.getNano() % 1_000_000 != 0) {
      throw new ConfigException(key, "must be whole milliseconds (PT0.001S at the least), got " + value);
    }
    if (value.compareTo(LONGEST) > 0) {
      throw new ConfigException(key, "must be at most " + LONGEST.toDays() + " days, got " + value);
    }
    return value;
  }

  private static void within(String key, int value, int least, int most) {
    if (value < least) {
      throw new ConfigException(key, "must be at least " + least + ", got " + value);
    }
    if (value > most) {
      throw new ConfigException(key, "must be at most " + most + ", got " + value);
    }
  }
}
