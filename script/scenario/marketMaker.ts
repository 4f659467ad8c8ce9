/**
 * The market maker: what arbitrageurs and oracle keepers do on mainnet, done by the simulations' owner on
 * the devnet. Each tick it
 *  - pushes Kelp's stored oracle rate (`updateRSETHPrice`), so reports see Kelp's yield or slash,
 *  - sets each market feed (weETH, ezETH) to fair rate x (1 - depeg), stamped now, so the feeds stay fresh
 *    across time travel (max staleness 1 day) and a staged depeg shows in the vault's valuation,
 *  - moves each exit pool's spot price to the same target (`alignPrice`, constant k), so instant exits pay
 *    the fair rate (or the depegged price) and not a stale one.
 * Aligning a pool down needs LRT: the market maker mints it at the protocol, as anyone could. Aligning up
 * needs WETH: it wraps ETH.
 * Before the feeds and pools, it lets the protocols' own roles act (protocolRoles.ts: ether.fi's reports and
 * finalisations, Kelp's unlocks, Swell's reprices and processing, Puffer's batches), since the real protocols
 * finalise withdrawals by a role, not a timer; `roleNotes` says what they did in the last tick.
 */
import { maxUint256, type Abi, type Address } from "viem";
import { adapterAbi } from "../../keeper/chain/abis.generated.js";
import { PROTOCOLS, type Protocol } from "../lib/deploy.js";
import { ProtocolRoles } from "./protocolRoles.js";
import { ACCOUNT, artifactAbi, type World } from "./world.js";

const WAD = 10n ** 18n;
const BPS = 10_000n;
/** Realign a pool or feed when it is off target by at least this many parts per million (0.1 bp). */
const TOLERANCE_PPM = 10n;

/** Depeg per protocol, in bps below the fair rate (0 = at par). */
export type Depegs = Partial<Record<Protocol, number>>;

export interface MarketMakerOptions {
  /** Re-stamp a feed whose last round is older than this even when its price is on target (seconds). */
  feedRefreshSeconds?: number;
}

export interface PoolQuote {
  protocol: Protocol;
  fairRate: bigint;
  target: bigint;
  /** Feed answer after the tick; null for an LRT without a market feed. */
  feed: bigint | null;
  spot: bigint;
}

function offByPpm(value: bigint, target: bigint): bigint {
  if (target === 0n) return value === 0n ? 0n : 1_000_000n;
  const diff = value > target ? value - target : target - value;
  return (diff * 1_000_000n) / target;
}

/** floor(x * factor) for a bigint amount and a float factor (enough precision for inventory estimates). */
function scale(x: bigint, factor: number): bigint {
  return (x * BigInt(Math.ceil(factor * 1e9))) / 1_000_000_000n;
}

export class MarketMaker {
  private readonly depegs = new Map<Protocol, number>();
  private readonly erc20: Abi;
  private approved = false;
  private readonly feedRefreshSeconds: number;
  private readonly roles: ProtocolRoles;
  /** What the protocols' roles did in the last tick. */
  roleNotes: string[] = [];
  /** Skip Kelp's (permissionless) oracle update at the next tick: nobody called it (a stale stored rate). */
  private holdKelp = false;

  constructor(
    private readonly world: World,
    options: MarketMakerOptions = {},
  ) {
    this.erc20 = artifactAbi("IERC20.sol", "IERC20");
    this.feedRefreshSeconds = options.feedRefreshSeconds ?? 3_600;
    this.roles = new ProtocolRoles(world);
  }

  private get operator(): Address {
    return this.world.address(ACCOUNT.operator);
  }

  private sim(protocol: Protocol) {
    const sim = this.world.deployment.simulation?.[protocol];
    if (sim === undefined) throw new Error("the deployment has no simulation section: the market maker runs on a devnet only");
    return sim;
  }

  /** Stages a depeg of `protocol`'s market price, `bps` below its fair rate (0 ends it). Applied at the next tick. */
  setDepeg(protocol: Protocol, bps: number): void {
    if (!Number.isInteger(bps) || bps < 0 || bps >= 10_000) throw new Error(`depeg of ${protocol}: bps must be an integer in 0..9999, got ${bps}`);
    this.depegs.set(protocol, bps);
  }

  depeg(protocol: Protocol): number {
    return this.depegs.get(protocol) ?? 0;
  }

  /** One pass over every protocol: oracle, feed and pool brought to the fair rate (less any staged depeg). */
  async tick(): Promise<PoolQuote[]> {
    await this.approveOnce();
    await this.updateKelpOracle();
    this.roleNotes = await this.roles.tick();
    const quotes: PoolQuote[] = [];
    for (const protocol of PROTOCOLS) quotes.push(await this.tickOne(protocol));
    return quotes;
  }

  private async approveOnce(): Promise<void> {
    if (this.approved) return;
    const { deployment } = this.world;
    for (const protocol of PROTOCOLS) {
      const pool = this.sim(protocol).exitPool;
      for (const token of [deployment.lrts[protocol], deployment.weth]) {
        await this.world.send(ACCOUNT.operator, { address: token, abi: this.erc20, functionName: "approve", args: [pool, maxUint256] });
      }
    }
    this.approved = true;
  }

  /** Nobody updates Kelp's stored rate at the next tick (it stays stale for one step). */
  holdKelpOracleOnce(): void {
    this.holdKelp = true;
  }

  private async updateKelpOracle(): Promise<void> {
    if (this.holdKelp) {
      this.holdKelp = false;
      return;
    }
    const kelp = this.sim("kelp").protocol;
    const paused = await this.world.read(kelp, this.world.abis.protocol, "paused");
    const mode = await this.world.read(kelp, this.world.abis.protocol, "failureMode");
    // A paused or failing Kelp refuses oracle updates: its stored rate then stays where it was, as on mainnet.
    if (paused === true || mode !== 0) return;
    await this.world.send(ACCOUNT.operator, { address: kelp, abi: this.world.abis.kelp, functionName: "updateRSETHPrice" });
  }

  private async tickOne(protocol: Protocol): Promise<PoolQuote> {
    const { world } = this;
    const sim = this.sim(protocol);
    const fairRate = await world.client.readContract({ address: world.deployment.adapters[protocol], abi: adapterAbi, functionName: "fairRate" });
    const target = (fairRate * (BPS - BigInt(this.depeg(protocol)))) / BPS;

    let feed: bigint | null = null;
    if (sim.marketFeed !== "0x0000000000000000000000000000000000000000") {
      const round = (await world.read(sim.marketFeed, world.abis.feed, "latestRoundData")) as readonly [bigint, bigint, bigint, bigint, bigint];
      const [, answer, , updatedAt] = round;
      const age = (await world.now()) - updatedAt;
      if (offByPpm(answer, target) >= TOLERANCE_PPM || age >= BigInt(this.feedRefreshSeconds)) {
        await world.send(ACCOUNT.operator, { address: sim.marketFeed, abi: world.abis.feed, functionName: "setPrice", args: [target] });
      }
      feed = target;
    }

    const pool = sim.exitPool;
    let spot = await world.readUint(pool, world.abis.exitPool, "spotPrice");
    if (offByPpm(spot, target) >= TOLERANCE_PPM) {
      await this.ensureInventory(protocol, spot, target, fairRate);
      await world.send(ACCOUNT.operator, { address: pool, abi: world.abis.exitPool, functionName: "alignPrice", args: [target] });
      spot = await world.readUint(pool, world.abis.exitPool, "spotPrice");
    }
    return { protocol, fairRate, target, feed, spot };
  }

  /** Makes sure the operator holds what `alignPrice(target)` will pull: LRT to push the price down, WETH to lift it. */
  private async ensureInventory(protocol: Protocol, spot: bigint, target: bigint, fairRate: bigint): Promise<void> {
    const { world } = this;
    const pool = this.sim(protocol).exitPool;
    const ratio = Number((spot * WAD) / target) / 1e18;
    if (target < spot) {
      const reserve0 = await world.readUint(pool, world.abis.exitPool, "reserve0");
      const need = scale(reserve0, Math.sqrt(ratio) - 1) + WAD;
      const lrt = world.deployment.lrts[protocol];
      const held = await world.readUint(lrt, this.erc20, "balanceOf", [this.operator]);
      // Kelp mints at its stored rsETHPrice, which may sit above the adapter's fair rate (a loss not yet stored)
      const mintRate = protocol === "kelp" ? await this.kelpMintRate(fairRate) : fairRate;
      if (held < need) await this.mintLrt(protocol, scale(((need - held) * mintRate) / WAD, 1.02) + WAD);
    } else {
      const reserve1 = await world.readUint(pool, world.abis.exitPool, "reserve1");
      const need = scale(reserve1, Math.sqrt(1 / ratio) - 1) + WAD;
      const weth = world.deployment.weth;
      const held = await world.readUint(weth, this.erc20, "balanceOf", [this.operator]);
      if (held < need) {
        await world.send(ACCOUNT.operator, { address: weth, abi: world.abis.weth, functionName: "deposit", value: need - held });
      }
    }
  }

  /** The price Kelp mints rsETH at: its stored rsETHPrice (at least the fair rate). */
  private async kelpMintRate(fairRate: bigint): Promise<bigint> {
    const stored = await this.world.readUint(this.sim("kelp").protocol, this.world.abis.kelp, "rsETHPrice");
    return stored > fairRate ? stored : fairRate;
  }

  /** Mints `protocol`'s LRT for `eth` wei through the protocol's own deposit entry point. */
  private async mintLrt(protocol: Protocol, eth: bigint): Promise<void> {
    const { world } = this;
    const { abis } = world;
    const sim = this.sim(protocol).protocol;
    const op = ACCOUNT.operator;
    switch (protocol) {
      case "etherfi": {
        const before = await world.readUint(sim, abis.etherFiPool, "balanceOf", [this.operator]);
        await world.send(op, { address: sim, abi: abis.etherFiPool, functionName: "deposit", value: eth });
        const eEth = (await world.readUint(sim, abis.etherFiPool, "balanceOf", [this.operator])) - before;
        const weETH = world.deployment.lrts.etherfi;
        await world.send(op, { address: sim, abi: abis.etherFiPool, functionName: "approve", args: [weETH, eEth] });
        await world.send(op, { address: weETH, abi: abis.weETH, functionName: "wrap", args: [eEth] });
        return;
      }
      case "renzo":
        await world.send(op, { address: sim, abi: abis.renzo, functionName: "depositETH", value: eth });
        return;
      case "kelp":
        await world.send(op, { address: sim, abi: abis.kelp, functionName: "depositETH", args: [0n, "devnet-market-maker"], value: eth });
        return;
      case "puffer":
        await world.send(op, { address: sim, abi: abis.puffer, functionName: "depositETH", args: [this.operator], value: eth });
        return;
      case "swell":
        await world.send(op, { address: sim, abi: abis.swell, functionName: "deposit", value: eth });
        return;
    }
  }
}
