/**
 * The depositors' page: a static app over the chain. Everything shown is read from the chain (views through the
 * VaultLens and the vault, history from events), so anyone can recompute it; the page has no server of its own
 * beyond the static files and `config.json` (addresses and the RPC URL). Wallets are found through EIP-6963.
 */
import {
  createPublicClient,
  createWalletClient,
  custom,
  http,
  parseAbiItem,
  parseEther,
  type Address,
  type EIP1193Provider,
  type Hash,
  type PublicClient,
  type WalletClient,
} from "viem";
import { exposureLensAbi, lrtVaultAbi, redemptionQueueAbi, sharePriceFeedAbi, vaultLensAbi } from "../../keeper/chain/abis.generated.js";
import {
  attribute,
  boundFromPreview,
  duration,
  eth,
  exitCostBps,
  pct,
  profitAndLoss,
  windowYield,
  type AttributionEvents,
  type PricePoint,
  type TimedEvent,
} from "./model.js";
import type { AppConfig } from "./config.js";
import { discoverWallets, type AnnouncedWallet } from "./wallet.js";

/** The feed's round event (Chainlink's name; the generated ABI is the feed's interface, which has no events). */
const ANSWER_UPDATED = parseAbiItem("event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)");
/** Slippage allowed between a preview and its transaction: the bound sent is the preview less this. */
const TOLERANCE_BPS = 50n;
const TIER_NAMES = ["tier 0", "tier 1", "tier 2", "tier 3"];
const STATUS = ["none", "pending", "claimable", "claimed", "cancelled"] as const;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page element #${id} is missing`);
  return el as T;
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A WETH figure: formatted text, the exact wei in data-wei (what the browser test compares with the chain). */
const wei = (v: bigint, digits = 4) => `<span class="num" data-wei="${v}">${eth(v, digits)}</span>`;

let cfg: AppConfig;
let client: PublicClient;
let wallet: { client: WalletClient; account: Address; name: string } | null = null;
let adapters: readonly Address[] = [];

function nameOf(adapter: string): string {
  return cfg.names[adapter.toLowerCase()] ?? cfg.names[adapter] ?? `${adapter.slice(0, 8)}…`;
}

async function blockTimes(blocks: readonly bigint[]): Promise<Map<bigint, number>> {
  const unique = [...new Set(blocks)];
  const times = await Promise.all(unique.map((b) => client.getBlock({ blockNumber: b }).then((x) => Number(x.timestamp))));
  return new Map(unique.map((b, i) => [b, times[i]!]));
}

async function timed<T>(logs: readonly { blockNumber: bigint | null; args: unknown }[]): Promise<TimedEvent<T>[]> {
  const times = await blockTimes(logs.map((l) => l.blockNumber ?? 0n));
  return logs.map((l) => ({ time: times.get(l.blockNumber ?? 0n) ?? 0, args: l.args as T }));
}

// ---------------------------------------------------------------------------------------------------------------
// Public view: yield and where it came from, risks, liquidity
// ---------------------------------------------------------------------------------------------------------------

async function renderPublic(): Promise<void> {
  const [snap, block, price, feedRound] = await Promise.all([
    client.readContract({ address: cfg.lens, abi: vaultLensAbi, functionName: "snapshot", args: [cfg.vault] }),
    client.getBlock(),
    client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "pricePerShare" }),
    client.readContract({ address: cfg.feed, abi: sharePriceFeedAbi, functionName: "latestRoundData" }),
  ]);
  const now = Number(block.timestamp);
  adapters = snap.adapters.map((a) => a.adapter);

  $("price").innerHTML = wei(price, 6);
  $("tvl").innerHTML = wei(snap.totalAssets, 2);
  $("feed").innerHTML = `${wei(feedRound[1], 6)} <small>round ${feedRound[0]}, reported ${duration(now - Number(feedRound[3]))} ago</small>`;
  $("chain-time").textContent = new Date(now * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC (chain time)";
  $("paused").hidden = !snap.paused;

  // Yield: the feed's published rounds are the price history; the live price is the last point.
  const [answers, revalued, profitLocked, reserveRepaid, lossRecognised, juniorAbsorbed] = await Promise.all([
    client.getLogs({ address: cfg.feed, event: ANSWER_UPDATED, fromBlock: 0n }),
    client.getContractEvents({ address: cfg.vault, abi: lrtVaultAbi, eventName: "AdapterRevalued", fromBlock: 0n }),
    client.getContractEvents({ address: cfg.vault, abi: lrtVaultAbi, eventName: "ProfitLocked", fromBlock: 0n }),
    client.getContractEvents({ address: cfg.vault, abi: lrtVaultAbi, eventName: "ReserveRepaid", fromBlock: 0n }),
    client.getContractEvents({ address: cfg.vault, abi: lrtVaultAbi, eventName: "LossRecognised", fromBlock: 0n }),
    client.getContractEvents({ address: cfg.vault, abi: lrtVaultAbi, eventName: "JuniorLossAbsorbed", fromBlock: 0n }),
  ]);
  const points: PricePoint[] = answers
    .map((a) => ({ time: Number(a.args.updatedAt ?? 0n), price: BigInt(a.args.current ?? 0n) }))
    .sort((a, b) => a.time - b.time);
  const live = { time: now, price };
  const yields = [7, 30, 365].map((d) => windowYield(points, live, d));
  $("yields").innerHTML = yields
    .map(
      (y) => `<div class="card" data-testid="apy-${y.days}"><div class="label">${y.days}-day yield, a year</div>
        <div class="big">${pct(y.apy)}</div><small>${y.spanSeconds < y.days * 86_400 - 60 ? `over ${duration(y.spanSeconds)} (vault younger)` : `price +${pct(y.growth, 4)}`}</small></div>`,
    )
    .join("");

  const events: AttributionEvents = {
    revalued: await timed(revalued),
    profitLocked: await timed(profitLocked),
    reserveRepaid: await timed(reserveRepaid),
    lossRecognised: await timed(lossRecognised),
    juniorAbsorbed: await timed(juniorAbsorbed),
  };
  const windowDays = 30;
  const a = attribute(events, now - windowDays * 86_400);
  const rows: string[] = [];
  for (const ad of adapters) {
    const v = a.perAdapter.get(ad.toLowerCase()) ?? 0n;
    rows.push(`<tr><td>${esc(nameOf(ad))} rate growth</td><td class="r ${v < 0n ? "neg" : ""}">${wei(v, 6)}</td></tr>`);
  }
  rows.push(`<tr><td>performance fee</td><td class="r neg">${wei(-a.performanceFee, 6)}</td></tr>`);
  rows.push(`<tr><td>insurance cut (to the reserve)</td><td class="r neg">${wei(-a.insuranceCut, 6)}</td></tr>`);
  rows.push(`<tr><td>reserve-debt repayments (gains that refilled the reserve)</td><td class="r neg">${wei(-a.reserveRepaid, 6)}</td></tr>`);
  rows.push(
    `<tr><td>losses recognised</td><td class="r ${a.loss > 0n ? "neg" : ""}">${wei(-a.loss, 6)}</td></tr>` +
      `<tr class="sub"><td>paid by the reserve</td><td class="r">${wei(a.lossPaidByReserve, 6)}</td></tr>` +
      `<tr class="sub"><td>paid by junior capital</td><td class="r">${wei(a.lossPaidByJunior, 6)}</td></tr>` +
      `<tr class="sub"><td>paid by still-locked profit</td><td class="r">${wei(a.lossPaidByLockedProfit, 6)}</td></tr>` +
      `<tr class="sub"><td>paid by the share price</td><td class="r">${wei(a.lossPaidByPrice, 6)}</td></tr>`,
  );
  $("sources").innerHTML = rows.join("");
  $("sources-window").textContent = `last ${windowDays} days, WETH; from AdapterRevalued, ProfitLocked, ReserveRepaid, LossRecognised and JuniorLossAbsorbed events`;
  const extras = Object.entries(cfg.extras ?? {}).flatMap(([ad, list]) => list.map((x) => `<li>${esc(nameOf(ad))}: ${esc(x.label)} ≈ ${(x.bps / 100).toFixed(2)} % a year (configured, not on chain, not in the yield above)</li>`));
  $("extras").innerHTML = extras.length === 0 ? "<li>none configured: the yield above is all there is</li>" : extras.join("");

  // Risks: allocation per LRT and tier, reserve coverage, ETH at risk per AVS.
  const total = snap.totalAssets === 0n ? 1n : snap.totalAssets;
  $("allocation").innerHTML =
    snap.adapters
      .map(
        (x) => `<tr data-adapter="${x.adapter}"><td>${esc(nameOf(x.adapter))}</td><td>${TIER_NAMES[x.tier] ?? `tier ${x.tier}`}${x.impaired ? ' <span class="warn">impaired</span>' : ""}</td>
          <td class="r">${wei(x.allocation, 2)}</td><td class="r">${pct(Number((x.allocation * 10_000n) / total) / 10_000, 1)}</td></tr>`,
      )
      .join("") + `<tr><td>buffer (idle WETH)</td><td></td><td class="r">${wei(snap.idle, 2)}</td><td class="r">${pct(Number((snap.idle * 10_000n) / total) / 10_000, 1)}</td></tr>`;
  const coverage = snap.requiredReserve === 0n ? null : Number((snap.reserveAssets * 10_000n) / snap.requiredReserve) / 10_000;
  $("reserve").innerHTML = `${wei(snap.reserveAssets, 3)} WETH held against ${wei(snap.requiredReserve, 3)} required by the tiers' coverage: <b>${coverage === null ? "nothing required" : pct(coverage, 0)}</b>`;
  // Junior capital: the loss layer after the reserve (its vault shares, valued at the share price).
  const junior = await client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "juniorTranche" });
  if (junior === "0x0000000000000000000000000000000000000000") {
    $("junior").textContent = "No junior tranche: after the reserve, losses fall on still-locked profit, then on the share price.";
  } else {
    const juniorShares = await client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "balanceOf", args: [junior] });
    const juniorAssets = await client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "convertToAssets", args: [juniorShares] });
    $("junior").innerHTML = `Junior (first-loss) capital after the reserve: ${wei(juniorAssets, 3)} WETH in tranche <span class="account">${junior}</span>.`;
  }
  await renderExposure(snap.adapters.map((x) => ({ adapter: x.adapter, allocation: x.allocation })));

  // Liquidity: buffer, queue, expected fulfilment, the cost of an instant exit now.
  const q = snap.queue.summary;
  $("liquidity").innerHTML = `<tr><td>buffer: instant, free exits up to</td><td class="r">${wei(snap.idle, 3)}</td></tr>
    <tr><td>redemption queue: requests pending</td><td class="r" data-testid="queue-count">${q.pendingCount}</td></tr>
    <tr><td>owed to them (value at request)</td><td class="r">${wei(q.owedAssets, 3)}</td></tr>
    <tr><td>stated maximum wait</td><td class="r">${duration(Number(q.maxWait))}</td></tr>
    <tr><td>oldest request due</td><td class="r">${q.headId === 0n ? "none pending" : `in ${duration(Number(q.headDueAt) - now)}`}${q.overdue ? ' <span class="warn">overdue</span>' : ""}</td></tr>
    <tr><td>expected fulfilment</td><td class="r">${q.owedAssets <= snap.idle ? "at the keeper's next cycle (the buffer covers it)" : `within the maximum wait (${duration(Number(q.maxWait))})`}</td></tr>
    <tr><td>paid instant exit of 1 WETH now</td><td class="r" id="instant-cost">…</td></tr>`;
  const one = await client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "convertToShares", args: [parseEther("1")] });
  const quotes = await Promise.all(
    adapters.map((ad) => client.readContract({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "previewInstantRedeem", args: [one, [ad]] }).catch(() => 0n)),
  );
  const best = quotes.reduce((m, x) => (x > m ? x : m), 0n);
  $("instant-cost").innerHTML = best === 0n ? "no venue can sell it now" : `${pct(exitCostBps(parseEther("1"), best) / 10_000, 2)} (pays ${wei(best, 4)})`;
}

async function renderExposure(allocations: { adapter: Address; allocation: bigint }[]): Promise<void> {
  const el = cfg.eigenLayer;
  if (el === undefined) {
    $("exposure").innerHTML = `<tr><td colspan="2">no EigenLayer exposure configured for this vault</td></tr>`;
    return;
  }
  const sets = Object.entries(el.avs);
  const lrts = allocations.map((x) => ({ adapter: x.adapter, stakers: el.stakers[x.adapter.toLowerCase()] ?? el.stakers[x.adapter] ?? [] }));
  const [, out] = await client.readContract({
    address: el.exposureLens,
    abi: exposureLensAbi,
    functionName: "exposures",
    args: [el.allocationManager, el.delegationManager, el.strategy, sets.map(([, avs]) => ({ avs, id: 0 })), lrts],
  });
  // The vault's ETH at risk to a set: for each LRT, its allocation x the share of the LRT's restaked ETH that set
  // can slash.
  const atRisk = sets.map(() => 0n);
  out.forEach((lrt, i) => {
    if (lrt.restaked === 0n) return;
    lrt.atRisk.forEach((r, s) => {
      atRisk[s] = atRisk[s]! + (allocations[i]!.allocation * r) / lrt.restaked;
    });
  });
  $("exposure").innerHTML = sets.map(([name], s) => `<tr><td>${esc(name)}</td><td class="r">${wei(atRisk[s]!, 3)}</td></tr>`).join("");
}

// ---------------------------------------------------------------------------------------------------------------
// Wallet: position, requests, actions
// ---------------------------------------------------------------------------------------------------------------

async function renderPosition(): Promise<void> {
  if (wallet === null) return;
  const me = wallet.account;
  const [shares, deposits, withdrawals, requested, claims, instant] = await Promise.all([
    client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "balanceOf", args: [me] }),
    client.getContractEvents({ address: cfg.vault, abi: lrtVaultAbi, eventName: "Deposit", args: { owner: me }, fromBlock: 0n }),
    client.getContractEvents({ address: cfg.vault, abi: lrtVaultAbi, eventName: "Withdraw", args: { owner: me }, fromBlock: 0n }),
    client.getContractEvents({ address: cfg.queue, abi: redemptionQueueAbi, eventName: "RedeemRequest", args: { controller: me }, fromBlock: 0n }),
    client.getContractEvents({ address: cfg.queue, abi: redemptionQueueAbi, eventName: "RedeemClaimed", args: { controller: me }, fromBlock: 0n }),
    client.getContractEvents({ address: cfg.queue, abi: redemptionQueueAbi, eventName: "InstantRedeem", args: { owner: me }, fromBlock: 0n }),
  ]);
  const value = await client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "convertToAssets", args: [shares] });
  const summary = await client.readContract({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "summary" });
  const block = await client.getBlock();
  const now = Number(block.timestamp);
  let owed = 0n;
  const rows: string[] = [];
  for (const r of requested) {
    const id = r.args.requestId!;
    const req = await client.readContract({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "getRequest", args: [id] });
    const status = STATUS[req.status] ?? "unknown";
    if (status !== "pending" && status !== "claimable") continue;
    owed += BigInt(req.owed);
    const due = Number(req.requestedAt) + Number(summary.maxWait);
    const when = status === "claimable" ? "claimable now" : due > now ? `due in ${duration(due - now)}` : "overdue: anyone may unwind for it";
    const action =
      status === "claimable"
        ? `<button data-claim="${id}">claim ${eth(BigInt(req.owed), 4)} ETH</button>`
        : `<button data-cancel="${id}" class="secondary">cancel</button>`;
    rows.push(`<tr data-request="${id}"><td>#${id}</td><td>${status}</td><td class="r">${wei(BigInt(req.owed))}</td><td>${when}</td><td>${action}</td></tr>`);
  }
  const flows = {
    deposited: deposits.reduce((s, d) => s + (d.args.assets ?? 0n), 0n),
    // Buffer exits (ERC-4626 Withdraw) and paid instant exits (the queue's InstantRedeem).
    withdrawn: withdrawals.reduce((s, w) => s + (w.args.assets ?? 0n), 0n) + instant.reduce((s, x) => s + (x.args.assets ?? 0n), 0n),
    claimed: claims.reduce((s, c) => s + (c.args.assets ?? 0n), 0n),
  };
  const pnl = profitAndLoss(flows, value + owed);
  $("position").innerHTML = `<tr><td>shares</td><td class="r" data-testid="shares"><span class="num" data-wei="${shares}">${eth(shares / 1_000_000n, 4)}</span></td></tr>
    <tr><td>value (WETH)</td><td class="r" data-testid="value">${wei(value)}</td></tr>
    <tr><td>in requests (owed)</td><td class="r" data-testid="owed">${wei(owed)}</td></tr>
    <tr><td>profit and loss since first deposit</td><td class="r ${pnl < 0n ? "neg" : ""}" data-testid="pnl">${wei(pnl, 6)}</td></tr>`;
  $("requests").innerHTML = rows.length === 0 ? `<tr><td colspan="5" class="empty">no pending or claimable requests</td></tr>` : rows.join("");
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-claim]")) b.onclick = () => void act(`claim #${b.dataset.claim}`, () => claim(BigInt(b.dataset.claim!)));
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-cancel]")) b.onclick = () => void act(`cancel #${b.dataset.cancel}`, () => cancel(BigInt(b.dataset.cancel!)));
}

/** Sends a transaction through the wallet, waits for it, and says what happened. */
async function act(what: string, send: () => Promise<Hash>): Promise<void> {
  const status = $("status");
  status.className = "";
  status.textContent = `${what}: confirm in your wallet…`;
  try {
    const hash = await send();
    status.textContent = `${what}: sent ${hash.slice(0, 10)}…, waiting for the block`;
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error("the transaction reverted");
    await refresh();
    status.className = "ok";
    status.textContent = `${what}: done in block ${receipt.blockNumber}`;
  } catch (err) {
    status.className = "error";
    status.textContent = `${what}: ${(err as { shortMessage?: string }).shortMessage ?? (err as Error).message}`;
    await refresh();
  }
}

const write = (args: Record<string, unknown>) => wallet!.client.writeContract({ account: wallet!.account, chain: null, ...args } as never) as Promise<Hash>;
const amount = (id: string) => parseEther(($(id) as HTMLInputElement).value || "0");

async function sharesFor(assets: bigint): Promise<bigint> {
  return client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "convertToShares", args: [assets] });
}

async function preview(): Promise<void> {
  const dep = amount("deposit-amount");
  const out = amount("exit-amount");
  const [depShares, exitShares] = await Promise.all([
    client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "previewDeposit", args: [dep] }),
    sharesFor(out),
  ]);
  const [redeemAssets, instant] = await Promise.all([
    client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "previewRedeem", args: [exitShares] }),
    client.readContract({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "previewInstantRedeem", args: [exitShares, [...adapters]] }).catch(() => 0n),
  ]);
  $("deposit-preview").innerHTML = `you get ${eth(depShares / 1_000_000n, 4)} shares; bound: at least <span data-testid="min-shares" data-wei="${boundFromPreview(depShares, TOLERANCE_BPS)}">${eth(boundFromPreview(depShares, TOLERANCE_BPS) / 1_000_000n, 4)}</span>`;
  $("exit-preview").innerHTML = `buffer: ${wei(redeemAssets)} ETH (at least ${wei(boundFromPreview(redeemAssets, TOLERANCE_BPS))}); request: at most ${wei(redeemAssets)} at fulfilment; instant: ${instant === 0n ? "no venue" : `${wei(instant)} (${pct(exitCostBps(redeemAssets, instant) / 10_000)} cost)`}`;
}

async function deposit(): Promise<Hash> {
  const assets = amount("deposit-amount");
  const p = await client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "previewDeposit", args: [assets] });
  return write({ address: cfg.vault, abi: lrtVaultAbi, functionName: "depositETH", args: [wallet!.account, boundFromPreview(p, TOLERANCE_BPS)], value: assets });
}

async function redeemBuffer(): Promise<Hash> {
  const shares = await sharesFor(amount("exit-amount"));
  const p = await client.readContract({ address: cfg.vault, abi: lrtVaultAbi, functionName: "previewRedeem", args: [shares] });
  const me = wallet!.account;
  return write({ address: cfg.vault, abi: lrtVaultAbi, functionName: "redeemETH", args: [shares, me, me, boundFromPreview(p, TOLERANCE_BPS)] });
}

async function request(): Promise<Hash> {
  const shares = await sharesFor(amount("exit-amount"));
  const me = wallet!.account;
  return write({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "requestRedeem", args: [shares, me, me] });
}

async function instantExit(): Promise<Hash> {
  const shares = await sharesFor(amount("exit-amount"));
  const p = await client.readContract({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "previewInstantRedeem", args: [shares, [...adapters]] });
  const me = wallet!.account;
  return write({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "instantRedeem", args: [shares, me, me, boundFromPreview(p, TOLERANCE_BPS), [...adapters]] });
}

const claim = (id: bigint) => write({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "claimETH", args: [id, wallet!.account] });
const cancel = (id: bigint) => write({ address: cfg.queue, abi: redemptionQueueAbi, functionName: "cancelRedeemRequest", args: [id, wallet!.account] });

async function connect(w: AnnouncedWallet): Promise<void> {
  const provider: EIP1193Provider = w.provider;
  const accounts = (await provider.request({ method: "eth_requestAccounts" })) as Address[];
  const chainHex = (await provider.request({ method: "eth_chainId" })) as string;
  if (Number(chainHex) !== cfg.chainId) throw new Error(`${w.info.name} is on chain ${Number(chainHex)}; this vault is on chain ${cfg.chainId}`);
  const account = accounts[0];
  if (account === undefined) throw new Error(`${w.info.name} shared no account`);
  wallet = { client: createWalletClient({ transport: custom(provider) }), account, name: w.info.name };
  $("account").textContent = `${w.info.name}: ${account}`;
  $("wallet-panel").hidden = false;
  $("wallets").hidden = true;
  await refresh();
}

async function refresh(): Promise<void> {
  await renderPublic();
  if (wallet !== null) {
    await renderPosition();
    await preview();
  }
}

async function boot(): Promise<void> {
  cfg = (await (await fetch("./config.json")).json()) as AppConfig;
  cfg.names = Object.fromEntries(Object.entries(cfg.names).map(([k, v]) => [k.toLowerCase(), v]));
  client = createPublicClient({ transport: http(cfg.rpcUrl, { batch: true }) }) as PublicClient;
  discoverWallets((w) => {
    const b = document.createElement("button");
    b.textContent = `Connect ${w.info.name}`;
    b.dataset.rdns = w.info.rdns;
    b.onclick = () => void connect(w).catch((err: Error) => ($("status").textContent = err.message));
    $("wallets").append(b);
    $("no-wallet").hidden = true;
  });
  $("deposit-button").onclick = () => void act("deposit", deposit);
  $("redeem-button").onclick = () => void act("redeem from the buffer", redeemBuffer);
  $("request-button").onclick = () => void act("request", request);
  $("instant-button").onclick = () => void act("paid instant exit", instantExit);
  for (const id of ["deposit-amount", "exit-amount"]) $(id).oninput = () => void preview();
  await refresh();
  document.body.dataset.ready = "true";
}

void boot().catch((err: Error) => {
  $("status").className = "error";
  $("status").textContent = `could not read the vault: ${err.message}`;
});
