package io.redress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** Every RocksDB store of a process shares one off-heap budget, {@code kafka.state-store-memory-mb}. */
class BoundedStateMemoryTest {

  private static final long BUDGET = 64L * 1024 * 1024;

  @Test
  void everyStoreSharesOneCacheWithItsIndexFilterBlocksAndMemtablesChargedToIt() {
    try (Options cooldown = new Options().setTableFormatConfig(new BlockBasedTableConfig());
        Options digests = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
      new BoundedStateMemory().setConfig("finding-cooldown", cooldown,
          Map.of(BoundedStateMemory.BUDGET_CONFIG, BUDGET));
      new BoundedStateMemory().setConfig("digest-windows", digests,
          Map.of(BoundedStateMemory.BUDGET_CONFIG, Long.toString(BUDGET)));

      BoundedStateMemory.Shared shared = BoundedStateMemory.shared(BUDGET);
      assertThat(cooldown.writeBufferManager()).isSameAs(digests.writeBufferManager())
          .isSameAs(shared.writeBuffers());
      for (Options options : new Options[] {cooldown, digests}) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
        assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
        assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
      }
    }
  }

  /**
   * Thirty stores (five per partition, six partitions) each written a few kilobytes, far under the memtables' part of
   * the budget, must not flush: memtables taking memory a megabyte at a time made every write past the first few
   * flush its store, thousands of tiny files where none was due.
   */
  @Test
  void storesWrittenFarUnderTheBudgetDoNotFlush(@TempDir Path dir) throws RocksDBException {
    List<Options> options = new ArrayList<>();
    List<RocksDB> stores = new ArrayList<>();
    try {
      for (int store = 0; store < 30; store++) {
        Options each = new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig());
        new BoundedStateMemory().setConfig("store-" + store, each, Map.of(BoundedStateMemory.BUDGET_CONFIG, BUDGET));
        options.add(each);
        stores.add(RocksDB.open(each, dir.resolve("store-" + store).toString()));
      }
      byte[] value = new byte[300];
      for (int record = 0; record < 200; record++) {
        for (RocksDB store : stores) {
          store.put(("resource-" + record).getBytes(StandardCharsets.UTF_8), value);
        }
      }

      long files = 0;
      for (RocksDB store : stores) {
        files += Long.parseLong(store.getProperty("rocksdb.num-files-at-level0"))
            + store.getLongProperty("rocksdb.num-immutable-mem-table");
      }
      assertThat(files).as("flushed or flushing memtables after 1.8 MB in 30 stores").isZero();
    } finally {
      stores.forEach(RocksDB::close);
      options.forEach(Options::close);
    }
  }

  @Test
  void aTopologyWithoutABudgetSaysWhichSettingIsMissing() {
    try (Options options = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
      assertThatThrownBy(() -> new BoundedStateMemory().setConfig("finding-cooldown", options, Map.of()))
          .hasMessage("the topology's settings give its state stores no memory budget"
              + " (redress.state-store-memory-bytes)");
    }
  }

  @Test
  void theTopologyRunsWithTheConfiguredBudgetInBytes(@TempDir Path state) {
    RedressConfig config = ConfigLoader.fromYaml("kafka: {state-store-memory-mb: 48}", Map.of())
        .withBootstrapServers("unused:9092");

    Properties properties = StreamsRole.properties(config, state);

    assertThat(properties.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedStateMemory.class);
    assertThat(properties.get(BoundedStateMemory.BUDGET_CONFIG)).isEqualTo(48L * 1024 * 1024);
    assertThat(ConfigLoader.defaults(Map.of()).kafka().stateStoreMemoryMb()).isEqualTo(64);
    assertThatThrownBy(() -> ConfigLoader.fromYaml("kafka: {state-store-memory-mb: 15}", Map.of()))
        .hasMessage("kafka.state-store-memory-mb: must be at least 16, got 15");
  }
}
