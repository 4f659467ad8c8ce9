/**
 * One key per keeper: two keepers on one account collide on its nonce (their reports fail; on a real mempool a
 * fee bump of one can replace the other's transaction). This watch notices another sender: the account's pending
 * nonce ran ahead of every nonce this keeper has used since it started.
 */
export class SharedKeyWatch {
  private foreignTotal = 0;

  /**
   * @param baseline the account's pending nonce when the keeper started
   * @param ownMaxNonce the highest account nonce this keeper has sent with since it started, or null
   */
  constructor(
    private baseline: number,
    private readonly ownMaxNonce: () => number | null,
  ) {}

  /** Transactions from the account that this keeper did not send, since start. */
  get foreign(): number {
    return this.foreignTotal;
  }

  /** Compares `pendingNonce` with what this keeper sent; returns how many new foreign transactions it shows. */
  check(pendingNonce: number): number {
    const own = this.ownMaxNonce();
    const expected = Math.max(this.baseline, own === null ? 0 : own + 1);
    const extra = pendingNonce - expected;
    if (extra <= 0) return 0;
    this.baseline = pendingNonce;
    this.foreignTotal += extra;
    return extra;
  }
}
