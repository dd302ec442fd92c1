/**
 * Serializes writes to one ARM etag family (a VNet and its subnets, a route table and its routes) within a process;
 * implemented by shared/runtime/writeLanes.ts. Writers elsewhere are still caught by If-Match.
 */
export interface WriteLanes {
  /**
   * Runs `work` while holding the lanes of `families`. `waited` says another holder went first: whatever the caller
   * read of those families before is stale.
   */
  hold<T>(families: readonly string[], work: (waited: boolean) => Promise<T>): Promise<T>;
}
