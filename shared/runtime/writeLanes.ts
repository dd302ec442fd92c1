import { Mutex } from 'async-mutex';
import type { WriteLanes } from '../core/drift/writeLanes';

/**
 * One lane (a mutex) per ARM etag family (a VNet and its subnets, a route table and its routes) within this process.
 *
 * Why: sibling subnets share their VNet's etag, so reconciles of several subnets of one VNet that write at once
 * refuse each other with 412, and each refusal costs a back-off and a re-read (mass drift: ten subnets of a VNet
 * took up to ten rounds). Azure's network provider serializes operations on a VNet anyway. Queuing the writes of
 * one family in the process turns those wasted rounds into one ordered write each; writers in other processes
 * (other instances of the app, people) are still caught by If-Match. Lanes are acquired in sorted order, so two
 * holders of several families never deadlock.
 */
export function createWriteLanes(): WriteLanes {
  const lanes = new Map<string, Mutex>();
  const laneOf = (family: string): Mutex => {
    let lane = lanes.get(family);
    if (!lane) {
      lane = new Mutex();
      lanes.set(family, lane);
    }
    return lane;
  };
  return {
    async hold(families, work) {
      const keys = [...new Set(families.map((family) => family.toLowerCase()))].sort();
      const releases: Array<() => void> = [];
      let waited = false;
      try {
        for (const key of keys) {
          const lane = laneOf(key);
          if (lane.isLocked()) waited = true;
          releases.push(await lane.acquire());
        }
        return await work(waited);
      } finally {
        for (const release of releases.reverse()) release();
        // A lane nobody holds or waits for is dropped: the map stays as small as the families being written now.
        for (const key of keys) if (!lanes.get(key)?.isLocked()) lanes.delete(key);
      }
    },
  };
}
