package io.redress.kafka;

import io.redress.contract.Resource;

/** Keys of records about a resource, so that everything about one resource lands on one partition, in order. */
public final class RecordKeys {

  private RecordKeys() {
  }

  public static String resource(Resource resource) {
    return resource.getPartition() + "/" + resource.getAccount() + "/" + resource.getRegion() + "/" + resource.getId();
  }
}
