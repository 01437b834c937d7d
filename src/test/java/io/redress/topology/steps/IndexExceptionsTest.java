package io.redress.topology.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.ExceptionRecord;
import io.redress.contract.Scope;
import io.redress.kafka.AvroSerde;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exceptions store and the scopes beside it, as {@link IndexExceptions} keeps them: in step, so that a check
 * skips exactly the candidate keys under which the store holds nothing.
 */
class IndexExceptionsTest {

  private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");
  private final IndexedScopes scopes = new IndexedScopes();
  private KeyValueStore<String, ExceptionRecord> store;
  private IndexExceptions index;

  @BeforeEach
  void open() {
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("exceptions"), Serdes.String(),
        AvroSerde.of(ExceptionRecord.class)).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    index = new IndexExceptions("exceptions", scopes);
    index.init(context);
  }

  @Test
  void aStoredExceptionsScopeMayHoldItAndNoOtherScopeIsScanned() {
    publish("account=111122223333;control=s3.8", exception("111122223333", "s3.8"));

    assertThat(store.approximateNumEntries()).isEqualTo(1);
    assertThat(scopes.mayHold("account=111122223333;control=S3.8", store.approximateNumEntries())).isTrue();
    assertThat(scopes.mayHold("account=111122223333", store.approximateNumEntries())).isFalse();
    assertThat(scopes.empty(store.approximateNumEntries())).isFalse();
  }

  @Test
  void aRevokedExceptionLeavesTheStoreAndTheIndexEmpty() {
    publish("account=111122223333;control=s3.8", exception("111122223333", "s3.8"));

    publish("account=111122223333;control=s3.8", null);

    assertThat(store.approximateNumEntries()).isZero();
    assertThat(scopes.empty(0)).isTrue();
  }

  @Test
  void anExceptionPublishedUnderAnotherScopesKeyIsNeitherStoredNorIndexed() {
    publish("account=999999999999", exception("111122223333", "S3.8"));

    assertThat(store.approximateNumEntries()).isZero();
    assertThat(scopes.empty(0)).isTrue();
  }

  /** Never narrower than the store, even between the two writes: indexed first, unindexed last. */
  @Test
  void aScopeIsIndexedBeforeItsExceptionIsStoredAndUnindexedOnlyAfterItIsDeleted() {
    List<String> seen = new ArrayList<>();
    @SuppressWarnings("unchecked")
    KeyValueStore<String, ExceptionRecord> watched = (KeyValueStore<String, ExceptionRecord>) Proxy.newProxyInstance(
        KeyValueStore.class.getClassLoader(), new Class<?>[] {KeyValueStore.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("put") || method.getName().equals("delete")) {
            seen.add(method.getName() + " while indexed: " + !scopes.empty(0));
          }
          try {
            return method.invoke(store, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    context.addStateStore(watched);
    index = new IndexExceptions("exceptions", scopes);
    index.init(context);

    publish("account=111122223333;control=s3.8", exception("111122223333", "s3.8"));
    publish("account=111122223333;control=s3.8", null);

    assertThat(seen).containsExactly("put while indexed: true", "delete while indexed: true");
    assertThat(scopes.empty(0)).isTrue();
  }

  private void publish(String key, ExceptionRecord exception) {
    index.process(new Record<>(key, exception, NOW.toEpochMilli()));
  }

  private static ExceptionRecord exception(String account, String control) {
    return ExceptionRecord.newBuilder()
        .setScope(Scope.newBuilder().setAccount(account).setControl(control).build())
        .setReason("a test").setApprover("ciso").setCreatedBy("alice").setCreatedAt(NOW)
        .setExpiresAt(NOW.plusSeconds(86_400)).build();
  }
}
