package io.redress.kafka;

import io.redress.contract.Resource;
import io.redress.resource.ResourceIds;

/**
 * Keys of records about a resource, so that everything about one resource lands on one partition, in order, and its
 * cool-down is one. The region is the resource's home ({@link ResourceIds#homeRegion}): a multi-region trail's
 * findings from every region it covers share one key.
 */
public final class RecordKeys {

  private RecordKeys() {
  }

  public static String resource(Resource resource) {
    return resource.getPartition() + "/" + resource.getAccount() + "/" + ResourceIds.homeRegion(resource) + "/"
        + resource.getId();
  }
}
