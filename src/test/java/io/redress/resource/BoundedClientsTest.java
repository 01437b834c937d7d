package io.redress.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedClientsTest {

  private final List<String> closed = new ArrayList<>();

  private final class Client implements AutoCloseable {
    private final String region;

    Client(String region) {
      this.region = region;
    }

    @Override
    public void close() {
      closed.add(region);
    }
  }

  @Test
  void aClientIsMadeOnceAndKeptWhileTheCapacityHoldsIt() {
    BoundedClients<String, Client> clients = new BoundedClients<>(2);

    Client first = clients.get("us-east-1", Client::new);

    assertThat(clients.get("us-east-1", region -> { throw new AssertionError("made twice"); })).isSameAs(first);
    clients.get("eu-west-1", Client::new);
    assertThat(clients.size()).isEqualTo(2);
    assertThat(closed).isEmpty();
  }

  @Test
  void oneMoreThanTheCapacityClosesTheLeastRecentlyUsed() {
    BoundedClients<String, Client> clients = new BoundedClients<>(2);
    clients.get("us-east-1", Client::new);
    clients.get("eu-west-1", Client::new);
    clients.get("us-east-1", Client::new);

    clients.get("xx-invented-1", Client::new);

    assertThat(closed).containsExactly("eu-west-1");
    assertThat(clients.size()).isEqualTo(2);
  }

  @Test
  void aStreamOfInventedRegionsKeepsNoMoreThanTheCapacityAndClosesEveryOther() {
    BoundedClients<String, Client> clients = new BoundedClients<>(64);

    for (int i = 0; i < 1_000; i++) {
      clients.get("xx-invented-" + i, Client::new);
    }

    assertThat(clients.size()).isEqualTo(64);
    assertThat(closed).hasSize(1_000 - 64);
    clients.close();
    assertThat(closed).hasSize(1_000);
  }
}
