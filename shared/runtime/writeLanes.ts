import { Mutex } from 'async-mutex';
import type { CombinedAssociation, OfferBoard, TakenOffer, WriteLanes } from '../core/drift/writeLanes';
import { etagFamilyOf } from '../core/drift/plan';

interface PostedOffer extends TakenOffer {
  taken: boolean;
  readonly settled: Promise<CombinedAssociation | undefined>;
}

/**
 * One lane (a mutex) per ARM etag family (a VNet and its subnets, a route table and its routes) within this process.
 *
 * Why: sibling subnets share their VNet's etag, so reconciles of several subnets of one VNet that write at once
 * refuse each other with 412, and each refusal costs a back-off and a re-read (mass drift: ten subnets of a VNet
 * took up to ten rounds). Azure's network provider serializes operations on a VNet anyway. Queuing the writes of
 * one family in the process turns those wasted rounds into one ordered write each; writers in other processes
 * (other instances of the app, people) are still caught by If-Match. Lanes are acquired in sorted order, so two
 * holders of several families never deadlock.
 *
 * Offers: a reconcile waiting with a planned subnet PUT posts it on the family's board; the next holder may take
 * it into its own VNet PUT. A taken offer is settled before the holder lets go of the lane.
 */
export function createWriteLanes(): WriteLanes {
  const lanes = new Map<string, Mutex>();
  const boards = new Map<string, Set<PostedOffer>>();
  const laneOf = (family: string): Mutex => {
    let lane = lanes.get(family);
    if (!lane) {
      lane = new Mutex();
      lanes.set(family, lane);
    }
    return lane;
  };

  const acquire = async (families: readonly string[]) => {
    const keys = [...new Set(families.map((family) => family.toLowerCase()))].sort();
    const releases: Array<() => void> = [];
    let waited = false;
    for (const key of keys) {
      const lane = laneOf(key);
      if (lane.isLocked()) waited = true;
      releases.push(await lane.acquire());
    }
    const release = () => {
      for (const done of releases.reverse()) done();
      // A lane nobody holds or waits for is dropped: the map stays as small as the families being written now.
      for (const key of keys) if (!lanes.get(key)?.isLocked()) lanes.delete(key);
    };
    return { waited, release };
  };

  /** Runs `work` holding the lanes; offers taken from the boards meanwhile are settled (as not sent) if it did not. */
  const run = async <T>(waited: boolean, work: (waited: boolean, offers: OfferBoard) => Promise<T>): Promise<T> => {
    const taken: PostedOffer[] = [];
    const board: OfferBoard = {
      take(family) {
        const posted = [...(boards.get(family.toLowerCase()) ?? [])].filter((entry) => !entry.taken);
        for (const entry of posted) {
          entry.taken = true;
          taken.push(entry);
        }
        boards.delete(family.toLowerCase());
        return posted;
      },
    };
    try {
      return await work(waited, board);
    } finally {
      for (const entry of taken) entry.settle(undefined);
    }
  };

  const hold: WriteLanes['hold'] = async (families, work) => {
    const { waited, release } = await acquire(families);
    try {
      return await run(waited, work);
    } finally {
      release();
    }
  };

  return {
    hold,

    async holdOrHandOver(families, offer, work) {
      const family = etagFamilyOf(offer.write).toLowerCase();
      // Nobody to hand it to: write it ourselves, as hold() would.
      if (!lanes.get(family)?.isLocked()) return { held: await hold(families, work) };
      let settle!: (result: CombinedAssociation | undefined) => void;
      const settled = new Promise<CombinedAssociation | undefined>((resolve) => (settle = resolve));
      const posted: PostedOffer = { offer, taken: false, settled, settle };
      let board = boards.get(family);
      if (!board) boards.set(family, (board = new Set()));
      board.add(posted);
      const acquiring = acquire(families);
      const first = await Promise.race([acquiring.then(() => 'lane' as const), settled.then((result) => (result ? ('handedOver' as const) : ('lane' as const)))]);
      if (first === 'handedOver') {
        // Our PUT went out in a sibling's VNet PUT: give the lane back as soon as it comes.
        void acquiring.then(({ release }) => release());
        return { handedOver: (await settled)! };
      }
      const { waited, release } = await acquiring;
      try {
        if (posted.taken) {
          // Taken by the holder before us, which settled it before letting go of the lane.
          const result = await settled;
          if (result) return { handedOver: result };
        } else {
          board.delete(posted);
          if (board.size === 0 && boards.get(family) === board) boards.delete(family);
        }
        return { held: await run(waited, work) };
      } finally {
        release();
      }
    },
  };
}
