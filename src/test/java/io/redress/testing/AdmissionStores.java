package io.redress.testing;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** The breaker's admissions store as the topology builds it, open outside a topology, without a changelog. */
public final class AdmissionStores {

  private AdmissionStores() {
  }

  public static WindowStore<String, String> open(Duration window) {
    WindowStore<String, String> store = Stores.windowStoreBuilder(
            Stores.inMemoryWindowStore("breaker-admissions", window, window, true), Serdes.String(), Serdes.String())
        .withLoggingDisabled()
        .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }
}
