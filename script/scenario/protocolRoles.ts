/**
 * The protocols' own roles, played on the devnet by the simulations' owner (account 0), because the real
 * protocols finalise withdrawals by a role, a batch or a report, not by a timer (issue 18,
 * contracts/simulation/README.md). Each tick, as the protocols' operators typically do:
 *  - ether.fi: one oracle report a day (the published rate moves toward the true rate within the report's
 *    bounds), and the admin finalises requests older than the sim's `withdrawalDelay` (7 days) in it;
 *  - Kelp: the operator unlocks requests whose delay (8 days) passed (`unlockQueue`, fixing their payouts);
 *  - Swell: the bot reprices once a day when the move is within its bound (a refused reprice is reported, and a
 *    downward one's lockdown is lifted at the next tick, as the role would after checking), and the processor
 *    processes requests older than 12 days;
 *  - Puffer: other users fill the open batch once its oldest request is 14 days old, and the finaliser finalises
 *    every full batch;
 *  - Renzo: nothing (its cool-down is a timer; its buffer is the ETH the sim holds).
 * None of these times is promised by a protocol: they are what the devnet's operators do.
 */
import { maxUint256, type Address } from "viem";
import { ACCOUNT, type World } from "./world.js";

const ETH_TOKEN = "0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE" as const;
/** Each filler request of a Puffer batch, in pufETH (Puffer's minimum). */
const PUFFER_FILL = 10n ** 16n;

export class ProtocolRoles {
  /** What the roles did this tick ("ether.fi report +1.2 bps", "Swell reprice refused: ..."). */
  readonly notes: string[] = [];
  private swellLockdownSeen = false;

  constructor(private readonly world: World) {}

  private sim(protocol: "etherfi" | "kelp" | "puffer" | "swell") {
    const sim = this.world.deployment.simulation?.[protocol];
    if (sim === undefined) throw new Error("the deployment has no simulation section: the protocol roles run on a devnet only");
    return sim;
  }

  private async live(address: Address): Promise<boolean> {
    const { world } = this;
    const paused = await world.read(address, world.abis.protocol, "paused");
    const mode = await world.read(address, world.abis.protocol, "failureMode");
    return paused !== true && mode === 0;
  }

  /** One pass of every role; returns what was done. */
  async tick(): Promise<string[]> {
    this.notes.length = 0;
    await this.etherFi();
    await this.kelp();
    await this.swell();
    await this.puffer();
    return [...this.notes];
  }

  private async etherFi(): Promise<void> {
    const { world } = this;
    const { protocol: pool, queue: nft } = this.sim("etherfi");
    if (!(await this.live(pool))) return;
    const now = await world.now();
    const last = await world.readUint(pool, world.abis.etherFiPool, "lastReportAt");
    const interval = await world.readUint(pool, world.abis.etherFiPool, "minReportInterval");
    if (now - last >= interval) {
      const before = await world.readUint(pool, world.abis.etherFiPool, "publishedRate");
      await world.send(ACCOUNT.operator, { address: pool, abi: world.abis.etherFiPool, functionName: "oracleReport" });
      const after = await world.readUint(pool, world.abis.etherFiPool, "publishedRate");
      if (after !== before) this.notes.push(`ether.fi report ${bpsChange(before, after)}`);
    }
    const delay = await world.readUint(pool, world.abis.protocol, "withdrawalDelay");
    const next = await world.readUint(nft, world.abis.etherFiNft, "nextRequestId");
    let upTo = await world.readUint(nft, world.abis.etherFiNft, "lastFinalizedRequestId");
    while (upTo + 1n < next) {
      const created = await world.readUint(nft, world.abis.etherFiNft, "createdAt", [upTo + 1n]);
      if (created + delay > now) break;
      upTo += 1n;
    }
    const finalized = await world.readUint(nft, world.abis.etherFiNft, "lastFinalizedRequestId");
    if (upTo > finalized) {
      await world.send(ACCOUNT.operator, { address: nft, abi: world.abis.etherFiNft, functionName: "finalizeRequests", args: [upTo] });
      this.notes.push(`ether.fi finalised requests ${finalized + 1n}..${upTo}`);
    }
  }

  private async kelp(): Promise<void> {
    const { world } = this;
    const kelp = this.sim("kelp").protocol;
    if (!(await this.live(kelp))) return;
    const before = await world.readUint(kelp, world.abis.kelp, "nextLockedNonce", [ETH_TOKEN]);
    const unused = await world.readUint(kelp, world.abis.kelp, "nextUnusedNonce", [ETH_TOKEN]);
    if (before === unused) return;
    await world.send(ACCOUNT.operator, {
      address: kelp,
      abi: world.abis.kelp,
      functionName: "unlockQueue",
      args: [ETH_TOKEN, maxUint256, 0n, 0n, maxUint256, maxUint256],
    });
    const after = await world.readUint(kelp, world.abis.kelp, "nextLockedNonce", [ETH_TOKEN]);
    if (after > before) this.notes.push(`Kelp unlocked requests ${before}..${after - 1n}`);
  }

  private async swell(): Promise<void> {
    const { world } = this;
    const { protocol: rsw, queue: exit } = this.sim("swell");
    if (!(await this.live(rsw))) return;
    if (await world.read(rsw, world.abis.swell, "repriceLockdown")) {
      if (this.swellLockdownSeen) {
        await world.send(ACCOUNT.operator, { address: rsw, abi: world.abis.swell, functionName: "setRepriceLockdown", args: [false] });
        this.notes.push("Swell lockdown lifted");
        this.swellLockdownSeen = false;
      } else {
        this.swellLockdownSeen = true;
        return;
      }
    }
    const now = await world.now();
    const last = await world.readUint(rsw, world.abis.swell, "lastRepriceAt");
    const minTime = await world.readUint(rsw, world.abis.swell, "minimumRepriceTime");
    const published = await world.readUint(rsw, world.abis.swell, "publishedRate");
    const accrued = await world.readUint(rsw, world.abis.protocol, "accruedRate");
    if (now - last >= minTime && published !== accrued) {
      try {
        await world.send(ACCOUNT.operator, { address: rsw, abi: world.abis.swell, functionName: "reprice" });
        this.notes.push(`Swell reprice ${bpsChange(published, accrued)}`);
      } catch (err) {
        this.notes.push(`Swell reprice refused (${(err as Error).message.split("\n")[0]})`);
      }
    }
    const delay = await world.readUint(rsw, world.abis.protocol, "withdrawalDelay");
    const created = await world.readUint(exit, world.abis.swellExit, "getLastTokenIdCreated");
    let upTo = await world.readUint(exit, world.abis.swellExit, "getLastTokenIdProcessed");
    const processed = upTo;
    while (upTo < created) {
      const at = await world.readUint(exit, world.abis.swellExit, "createdAt", [upTo + 1n]);
      if (at + delay > now) break;
      upTo += 1n;
    }
    if (upTo > processed) {
      await world.send(ACCOUNT.operator, { address: exit, abi: world.abis.swellExit, functionName: "processWithdrawals", args: [upTo] });
      this.notes.push(`Swell processed requests ${processed + 1n}..${upTo}`);
    }
  }

  private async puffer(): Promise<void> {
    const { world } = this;
    const { protocol: vault, queue: manager } = this.sim("puffer");
    if (!(await this.live(vault))) return;
    const size = await world.readUint(manager, world.abis.pufferManager, "BATCH_SIZE");
    let length = await world.readUint(manager, world.abis.pufferManager, "getWithdrawalsLength");
    const finalized = await world.readUint(manager, world.abis.pufferManager, "finalizedBatches");
    if (length === finalized * size) return;
    const now = await world.now();
    const delay = await world.readUint(vault, world.abis.protocol, "withdrawalDelay");
    const oldest = await world.readUint(manager, world.abis.pufferManager, "createdAt", [finalized * size]);
    if (oldest + delay > now) return;
    const missing = length % size === 0n ? 0n : size - (length % size);
    if (missing > 0n) {
      const operator = world.address(ACCOUNT.operator);
      await world.send(ACCOUNT.operator, { address: vault, abi: world.abis.puffer, functionName: "depositETH", args: [operator], value: 10n ** 18n });
      await world.send(ACCOUNT.operator, { address: vault, abi: world.abis.puffer, functionName: "approve", args: [manager, maxUint256] });
      for (let i = 0n; i < missing; i++) {
        await world.send(ACCOUNT.operator, {
          address: manager,
          abi: world.abis.pufferManager,
          functionName: "requestWithdrawal",
          args: [PUFFER_FILL, operator],
        });
      }
      length += missing;
      this.notes.push(`Puffer batch filled with ${missing} requests`);
    }
    const lastFull = length / size - 1n;
    await world.send(ACCOUNT.operator, { address: manager, abi: world.abis.pufferManager, functionName: "finalizeWithdrawals", args: [lastFull] });
    this.notes.push(`Puffer finalised batches ${finalized}..${lastFull}`);
  }
}

function bpsChange(before: bigint, after: bigint): string {
  const bps = (Number(after - before) / Number(before)) * 10_000;
  return `${bps >= 0 ? "+" : ""}${bps.toFixed(2)} bps`;
}
