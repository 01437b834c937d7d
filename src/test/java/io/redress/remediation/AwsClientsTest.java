package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.Resource;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

class AwsClientsTest {

  @Test
  void aRoleSessionIsNamedAfterItsCommand() {
    assertThat(AwsClients.sessionName("3f2a9c")).isEqualTo("redress-3f2a9c");
  }

  @Test
  void aSessionNameKeepsOnlyWhatStsAllowsAndFitsItsLimit() {
    String name = AwsClients.sessionName("a/b c:" + "x".repeat(100));

    assertThat(name).startsWith("redress-a-b-c-").hasSize(64).matches("[\\w+=,.@-]+");
  }

  /** What reaches an emulator where AWS would use a host name must see the role's assumption too, not only actions. */
  @Test
  void theInterceptorsGivenSeeTheRequestThatAssumesAnAccountsRole() {
    String account = "210987654321";
    AwsSettings settings = new AwsSettings(true, "us-east-1", Optional.of(URI.create("http://127.0.0.1:9")),
        Map.of(account, new AccountRole("arn:aws:iam::" + account + ":role/redress", Optional.empty())), false);
    ExecutionInterceptor stopping = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        throw new IllegalStateException("seen " + context.request().getClass().getSimpleName());
      }
    };
    Resource bucket = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::theirs").setPartition("aws")
        .setAccount(account).setRegion("us-east-1").build();

    try (AwsClients clients = new AwsClients(settings,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")), List.of(stopping))) {
      assertThatThrownBy(() -> clients.session(bucket, "command-1")).hasMessageContaining(
          "seen " + AssumeRoleRequest.class.getSimpleName());
    }
  }
}
