package io.redress.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every RocksDB store of the process to one off-heap budget ({@code kafka.state-store-memory-mb}): one block
 * cache shared by all stores, with their index and filter blocks and their memtables charged to it. Left alone, each
 * store of each task takes its own cache and memtables, so memory grows with partitions and stores, outside the heap
 * that the container's limit sizes, and the pod is killed by the kernel with no Java error to say why.
 *
 * <p>Kafka Streams creates this class by name once per store, so the budget is shared through one per-process
 * instance of the cache, sized by the first store that opens.
 */
public final class BoundedStateMemory implements RocksDBConfigSetter {

  /** The Kafka Streams setting carrying the budget in bytes. */
  public static final String BUDGET_CONFIG = "redress.state-store-memory-bytes";

  private static final Logger log = LoggerFactory.getLogger(BoundedStateMemory.class);
  /** Kept for index and filter blocks, so a burst of data blocks cannot evict what every read needs. */
  private static final double INDEX_AND_FILTER_SHARE = 0.1;
  /** Memtables may fill this part of the budget before RocksDB flushes them. */
  private static final int MEMTABLE_PART = 4;
  /**
   * The steps in which a memtable takes memory. RocksDB's own choice is a megabyte, and the write buffer manager
   * counts whole steps: every store written to holds a megabyte of the memtables' part from its first record on. With
   * five stores per partition and six or more partitions per instance that part is spent on nearly empty memtables,
   * and each write then makes its store flush a memtable of a few kilobytes: a storm of tiny flushes and compactions
   * that took RocksDB's background threads more CPU per decision than the stream thread itself, and held the
   * topology to a third of its rate (README, "Performance").
   */
  private static final long ARENA_BLOCK_BYTES = 64 * 1024;

  private static Shared shared;

  /** The cache and the memtables' manager of the process, and the budget they were made for. */
  record Shared(long budget, Cache cache, WriteBufferManager writeBuffers) {
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Shared memory = shared(budget(configs));
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(memory.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(memory.writeBuffers());
    options.setArenaBlockSize(ARENA_BLOCK_BYTES);
  }

  /** Never closed with a store: every other store of the process still uses them. */
  @Override
  public void close(String storeName, Options options) {
  }

  static synchronized Shared shared(long budget) {
    if (shared == null) {
      Cache cache = new LRUCache(budget, -1, false, INDEX_AND_FILTER_SHARE);
      shared = new Shared(budget, cache, new WriteBufferManager(budget / MEMTABLE_PART, cache));
    } else if (shared.budget() != budget) {
      log.warn("the state stores of this process already share {} bytes; a budget of {} bytes is ignored",
          shared.budget(), budget);
    }
    return shared;
  }

  private static long budget(Map<String, Object> configs) {
    Object budget = configs.get(BUDGET_CONFIG);
    if (budget instanceof Number number) {
      return number.longValue();
    }
    if (budget instanceof String text) {
      return Long.parseLong(text);
    }
    throw new IllegalStateException("the topology's settings give its state stores no memory budget ("
        + BUDGET_CONFIG + ")");
  }
}
