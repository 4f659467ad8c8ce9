/**
 * One key per keeper: two keepers on one account collide on its nonce (their reports fail; on a real mempool a
 * fee bump of one can replace the other's transaction). This watch notices another sender: an account nonce used
 * since this keeper started that this keeper did not send with. Each nonce is looked at once, when the account's
 * pending nonce first passes it, so both keepers sharing a key notice the other, whichever sends next: a foreign
 * transaction is not hidden by this keeper sending after it (the pending nonce then passes both at once).
 */
export class SharedKeyWatch {
  private foreignTotal = 0;
  /** Every account nonce below this one has been looked at. */
  private checkedUpTo: number;

  /**
   * @param baseline the account's pending nonce when the keeper started
   * @param ownNonces the account nonces this keeper has sent with since it started
   */
  constructor(
    baseline: number,
    private readonly ownNonces: () => ReadonlySet<number>,
  ) {
    this.checkedUpTo = baseline;
  }

  /** Transactions from the account that this keeper did not send, since start. */
  get foreign(): number {
    return this.foreignTotal;
  }

  /** Looks at the nonces `pendingNonce` has passed since the last check; returns how many this keeper did not use. */
  check(pendingNonce: number): number {
    if (pendingNonce <= this.checkedUpTo) return 0;
    const own = this.ownNonces();
    let extra = 0;
    for (let n = this.checkedUpTo; n < pendingNonce; n++) if (!own.has(n)) extra++;
    this.checkedUpTo = pendingNonce;
    this.foreignTotal += extra;
    return extra;
  }
}
