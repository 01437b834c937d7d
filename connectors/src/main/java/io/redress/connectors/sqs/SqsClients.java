package io.redress.connectors.sqs;

import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** The SQS client a task uses, built from the connector's settings. */
final class SqsClients {

  private SqsClients() {
  }

  /**
   * Without static keys the SDK's default credentials chain applies (environment, profile, web identity, container
   * and instance roles), and without a region its default region chain. The JDK's HTTP client keeps the plugin
   * small; its 30 s read timeout outlasts the longest long poll (20 s).
   */
  static SqsClient create(SqsSourceConfig config) {
    SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
    config.region().map(Region::of).ifPresent(builder::region);
    config.endpoint().ifPresent(builder::endpointOverride);
    config.staticCredentials().ifPresent(keys -> builder.credentialsProvider(StaticCredentialsProvider.create(
        AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()))));
    try {
      return builder.build();
    } catch (SdkClientException e) {
      // The SDK accepts any region name and only fails here, on the endpoint it makes of it.
      String hint = config.region()
          .map(region -> SqsSourceConfig.REGION + " \"" + region + "\" is no region the SDK can address")
          .orElse("set " + SqsSourceConfig.REGION + " if no AWS region is configured for the worker");
      throw new ConnectException("Cannot build an SQS client for " + config.queueUrl() + " (" + hint + "): "
          + e.getMessage(), e);
    }
  }
}
