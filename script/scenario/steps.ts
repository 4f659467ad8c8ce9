/**
 * The market scenario the devnet plays, as data: each step moves chain time, then lets the market and
 * the users act (APR changes, a slash, a staged depeg, deposits, a withdrawal). The runner in
 * scenario.ts then has the market maker refresh feeds and pools and the keeper report and run a cycle.
 *
 * The story (rates and tiers from script/DeploySimulation.s.sol and script/Deploy.s.sol):
 *  day 0    Alice and Bob deposit, Dave puts 10 ETH into the junior (first-loss) tranche beside a 3 ETH reserve;
 *           the keeper has no rate history yet, so it holds.
 *  day 1    one day of fair-rate samples: the keeper allocates to the best measured yields.
 *  day 2    yields drift: ether.fi falls to 1.8 %, Puffer rises to 6.0 % (same risk tier).
 *  day 3    Carol deposits; the keeper measures the drift and moves ether.fi funds and the new deposit
 *           to Puffer (the yield gap over the keeper's 30-day horizon beats the pool's exit cost).
 *  day 4    Puffer is slashed 2 %: the report burns reserve shares first; the keeper's guard exits Puffer.
 *  day 4    (same time) Kelp loses 3 % and nobody updates its stored rsETHPrice: the vault holds rsETH since the
 *           keeper's day-4 move, and its report books the loss from Kelp's own totals before the rate shows it.
 *  day 5    ezETH depegs (April 2024 shape): 3 % below fair, 30 % at the trough 6 h later, 10 % after
 *           12 h, back at par after a day. At the first sign the keeper queues ezETH's exit through
 *           Renzo's withdrawal queue (paid at the fair rate, not sold at the depegged price). The first
 *           report's loss takes the rest of the reserve and then junior capital; when the price recovers,
 *           the gain repays Dave's junior capital first, then the reserve.
 *  day 7    Bob withdraws 4 ETH from the buffer; the keeper restores the buffer floor.
 *  day 8    EigenDA slashes every operator of its set by 5 % of their allocation: weETH, ezETH, rsETH and pufETH
 *           (delegated to those operators) drop in the same block by their exposure x 5 %; the keeper's next
 *           cycle records one AVS event naming EigenDA with every LRT it hit, the report takes the loss from what
 *           is left of the reserve, then from Dave's junior capital (the share price does not move), and the
 *           guard holds the LRTs that dropped.
 *  day 12   Renzo's queue pays the ezETH exit; the keeper claims it and puts the WETH back to work.
 *  day 13   Alice asks for all her shares back (about 40 % of the vault, far beyond the buffer) through the
 *           redemption queue: the keeper plans the liquidity at least cost by the request's due time
 *           (protocol queued exits at the fair rate) and reports when it expects to fulfil it.
 *  day 20   Renzo's exit for her is final and claimed; Puffer's (14 days) is still on its way.
 *  day 27   the last protocol exit is final: the keeper claims it and fulfils Alice's request (FIFO, min of the
 *           value at request and now); Alice claims her ETH.
 *  end      wind-down (scenario.ts): the allocator queues every position's exit, the queues finalise,
 *           every depositor redeems everything; Dave requests his junior exit, waits the 21-day notice, claims
 *           his vault shares and redeems them.
 */
import { parseEther } from "viem";
import { adapterAbi } from "../../keeper/chain/abis.generated.js";
import { formatEth } from "../../keeper/status.js";
import type { Protocol } from "../lib/deploy.js";
import type { MarketMaker } from "./marketMaker.js";
import type { World } from "./world.js";

export const HOUR = 3_600;
export const DAY = 24 * HOUR;

/** Depositors: anvil accounts 4, 5, 6 (0-3 hold the deployment's roles). */
export const DEPOSITORS = { alice: 4, bob: 5, carol: 6 } as const;
export type Depositor = keyof typeof DEPOSITORS;

/** The junior (first-loss) depositor: anvil account 7; takes losses after the reserve, before the others. */
export const JUNIOR = { name: "dave", account: 7, deposit: "10" } as const;

/** A redemption request made through the queue during the scenario. */
export interface Redemption {
  who: Depositor;
  requestId: bigint;
  /** Value at request: the most the queue pays. */
  owed: bigint;
  requestedAt: bigint;
  dueAt: bigint;
  /** ETH paid by the claim (once claimed). */
  paid?: bigint;
}

/** Per-depositor record of ETH in and out, kept by the steps and checked at the end. */
export class Ledger {
  /** ETH the junior depositor put in. */
  juniorDeposited = 0n;
  readonly deposited = new Map<Depositor, bigint>();
  readonly withdrawn = new Map<Depositor, bigint>();
  readonly redemptions: Redemption[] = [];

  add(map: Map<Depositor, bigint>, who: Depositor, amount: bigint): void {
    map.set(who, (map.get(who) ?? 0n) + amount);
  }
}

export interface StepContext {
  world: World;
  market: MarketMaker;
  ledger: Ledger;
}

export interface Step {
  /** Chain time to move forward before the step (evm_setNextBlockTimestamp + evm_mine), seconds. */
  advance: number;
  /** Short name shown in the table. */
  label: string;
  /** What the market and the users do before the keeper acts; returns one line per thing done. */
  act?: (ctx: StepContext) => Promise<string[]>;
  /** What this step is there to show; the e2e test and the summary use it to find the step. */
  marks?:
    | "drift"
    | "move"
    | "slash"
    | "depeg-start"
    | "depeg-trough"
    | "withdrawal"
    | "avs-slash"
    | "stale-rate"
    | "queue-request"
    | "queue-claim";
}

/** Protocol -> sim operator hook names, as the summary prints them. */
export const LRT_NAMES: Record<Protocol, string> = {
  etherfi: "weETH",
  renzo: "ezETH",
  kelp: "rsETH",
  puffer: "pufETH",
  swell: "rswETH",
};

async function deposit(ctx: StepContext, who: Depositor, eth: string): Promise<string> {
  const amount = parseEther(eth);
  await ctx.world.depositEth(DEPOSITORS[who], amount);
  ctx.ledger.add(ctx.ledger.deposited, who, amount);
  return `${who} deposits ${eth} ETH`;
}

async function juniorDeposit(ctx: StepContext): Promise<string> {
  const amount = parseEther(JUNIOR.deposit);
  await ctx.world.juniorDepositEth(JUNIOR.account, amount);
  ctx.ledger.juniorDeposited += amount;
  return `${JUNIOR.name} deposits ${JUNIOR.deposit} ETH of junior (first-loss) capital`;
}

async function setApr(ctx: StepContext, protocol: Protocol, bps: number): Promise<string> {
  const { world } = ctx;
  const sim = world.deployment.simulation?.[protocol];
  if (sim === undefined) throw new Error("the deployment has no simulation section");
  const before = await world.readUint(sim.protocol, world.abis.protocol, "aprBps");
  await world.send(0, { address: sim.protocol, abi: world.abis.protocol, functionName: "setAprBps", args: [BigInt(bps)] });
  return `${LRT_NAMES[protocol]} APR ${(Number(before) / 100).toFixed(2)} % -> ${(bps / 100).toFixed(2)} %`;
}

async function slash(ctx: StepContext, protocol: Protocol, bps: number): Promise<string> {
  const { world } = ctx;
  const sim = world.deployment.simulation?.[protocol];
  if (sim === undefined) throw new Error("the deployment has no simulation section");
  await world.send(0, { address: sim.protocol, abi: world.abis.protocol, functionName: "slash", args: [BigInt(bps)] });
  return `${LRT_NAMES[protocol]} slashed ${(bps / 100).toFixed(2)} %`;
}

/**
 * A loss Kelp's own rate shows late (issue 18): Kelp loses `bps` of its ETH, and nobody calls the permissionless
 * `updateRSETHPrice` this step (the market maker holds it for one tick), so the stored `rsETHPrice` still shows no
 * loss. The KelpAdapter reads the loss from Kelp's totals, so the keeper's report books it now, before the rate.
 */
async function kelpStaleLoss(ctx: StepContext, bps: number): Promise<string> {
  const { world } = ctx;
  const sim = world.deployment.simulation?.kelp;
  if (sim === undefined) throw new Error("the deployment has no simulation section");
  await world.send(0, { address: sim.protocol, abi: world.abis.protocol, functionName: "slash", args: [BigInt(bps)] });
  ctx.market.holdKelpOracleOnce();
  const stored = await world.readUint(sim.protocol, world.abis.kelp, "rsETHPrice");
  const seen = await world.client.readContract({ address: world.deployment.adapters.kelp, abi: adapterAbi, functionName: "fairRate" });
  return (
    `rsETH loses ${(bps / 100).toFixed(2)} %: Kelp's stored rate still ${formatEth(stored, 4)}, ` +
    `the adapter reads ${formatEth(seen, 4)} from Kelp's totals`
  );
}

function depeg(ctx: StepContext, protocol: Protocol, bps: number): string {
  ctx.market.setDepeg(protocol, bps);
  const price = (10_000 - bps) / 10_000;
  return bps === 0 ? `${LRT_NAMES[protocol]} back at par` : `${LRT_NAMES[protocol]} market at ${price.toFixed(2)} x fair`;
}

/**
 * One AVS fault: `avs` (a name of the deployment's eigenLayer section) slashes every operator of its set 0 by
 * `bps` of their allocation; says how much each LRT's EigenLayer-backed rate fell (restakedFactor before/after).
 */
async function avsSlash(ctx: StepContext, avs: string, bps: number): Promise<string> {
  const { world } = ctx;
  const address = world.deployment.eigenLayer?.avs[avs];
  const sims = world.deployment.simulation;
  if (address === undefined || sims === undefined) throw new Error(`the deployment has no AVS named ${avs} (eigenLayer section)`);
  const factor = (p: Protocol) => world.readUint(sims[p].protocol, world.abis.protocol, "restakedFactor");
  const protocols = Object.keys(LRT_NAMES) as Protocol[];
  const before = await Promise.all(protocols.map(factor));
  await world.send(0, {
    address,
    abi: world.abis.avs,
    functionName: "slashOperatorSet",
    args: [0, (BigInt(bps) * 10n ** 18n) / 10_000n, `${avs}: operator fault (devnet scenario)`],
  });
  const after = await Promise.all(protocols.map(factor));
  const hits = protocols
    .map((p, i) => ({ name: LRT_NAMES[p], drop: 1 - Number(after[i]!) / Number(before[i]!) }))
    .filter((h) => h.drop > 0)
    .map((h) => `${h.name} -${(h.drop * 100).toFixed(2)} %`);
  return `${avs} slashes its operators ${(bps / 100).toFixed(2)} %: ${hits.join(", ")}`;
}

async function withdraw(ctx: StepContext, who: Depositor, eth: string): Promise<string> {
  const amount = parseEther(eth);
  await ctx.world.withdrawEth(DEPOSITORS[who], amount);
  ctx.ledger.add(ctx.ledger.withdrawn, who, amount);
  return `${who} withdraws ${eth} ETH`;
}

async function requestRedeemAll(ctx: StepContext, who: Depositor): Promise<string> {
  const { world } = ctx;
  const shares = await world.shareBalance(DEPOSITORS[who]);
  const requestedAt = await world.now();
  const r = await world.requestRedeem(DEPOSITORS[who], shares);
  ctx.ledger.redemptions.push({ who, requestId: r.requestId, owed: r.owed, requestedAt, dueAt: r.dueAt });
  return `${who} requests all her shares through the queue (#${r.requestId}, ${formatEth(r.owed, 2)} ETH)`;
}

async function claimRedemptions(ctx: StepContext, who: Depositor): Promise<string[]> {
  const out: string[] = [];
  for (const r of ctx.ledger.redemptions) {
    if (r.who !== who || r.paid !== undefined) continue;
    if ((await ctx.world.fulfilledAt(r.requestId)) === null) {
      out.push(`${who}'s request #${r.requestId} is not fulfilled yet`);
      continue;
    }
    r.paid = await ctx.world.claimRedeemEth(DEPOSITORS[who], r.requestId);
    ctx.ledger.add(ctx.ledger.withdrawn, who, r.paid);
    out.push(`${who} claims ${formatEth(r.paid, 4)} ETH (request #${r.requestId})`);
  }
  return out;
}

/** The scenario `npm start` plays. */
export const SCENARIO: readonly Step[] = [
  {
    advance: 0,
    label: "day 0",
    act: async (ctx) => [await deposit(ctx, "alice", "40"), await deposit(ctx, "bob", "25"), await juniorDeposit(ctx)],
  },
  { advance: DAY, label: "day 1" },
  {
    advance: DAY,
    label: "day 2",
    marks: "drift",
    act: async (ctx) => [await setApr(ctx, "etherfi", 180), await setApr(ctx, "puffer", 600)],
  },
  { advance: DAY, label: "day 3", marks: "move", act: async (ctx) => [await deposit(ctx, "carol", "20")] },
  { advance: DAY, label: "day 4", marks: "slash", act: async (ctx) => [await slash(ctx, "puffer", 200)] },
  { advance: 0, label: "day 4 Kelp", marks: "stale-rate", act: async (ctx) => [await kelpStaleLoss(ctx, 300)] },
  { advance: DAY, label: "day 5", marks: "depeg-start", act: async (ctx) => [depeg(ctx, "renzo", 300)] },
  { advance: 6 * HOUR, label: "day 5 +6h", marks: "depeg-trough", act: async (ctx) => [depeg(ctx, "renzo", 3_000)] },
  { advance: 6 * HOUR, label: "day 5 +12h", act: async (ctx) => [depeg(ctx, "renzo", 1_000)] },
  { advance: 12 * HOUR, label: "day 6", act: async (ctx) => [depeg(ctx, "renzo", 0)] },
  { advance: DAY, label: "day 7", marks: "withdrawal", act: async (ctx) => [await withdraw(ctx, "bob", "4")] },
  { advance: DAY, label: "day 8", marks: "avs-slash", act: async (ctx) => [await avsSlash(ctx, "EigenDA", 500)] },
  { advance: DAY, label: "day 9" },
  { advance: 3 * DAY + HOUR, label: "day 12" },
  { advance: DAY - HOUR, label: "day 13", marks: "queue-request", act: async (ctx) => [await requestRedeemAll(ctx, "alice")] },
  { advance: DAY, label: "day 14" },
  { advance: 6 * DAY + HOUR, label: "day 20" },
  { advance: 7 * DAY, label: "day 27", marks: "queue-claim" },
  { advance: HOUR, label: "day 27 +1h", act: async (ctx) => claimRedemptions(ctx, "alice") },
];
