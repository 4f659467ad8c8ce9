/**
 * The devnet as the scenario sees it: one public client, a wallet per anvil account, the deployment, and
 * the few actions every step needs (send and wait, time travel, deposit, redeem). ABIs come from the
 * compiled artifacts: the vault and adapter ABIs from the keeper's generated file, the simulations' from
 * out/ (forge build runs before the devnet starts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  maxUint256,
  parseEventLogs,
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
  type Transport,
  type Account,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { juniorTrancheAbi, lrtVaultAbi, redemptionQueueAbi } from "../../keeper/chain/abis.generated.js";
import { ANVIL_KEYS } from "../lib/anvil.js";
import type { Deployment } from "../lib/deploy.js";
import { repoRoot } from "../lib/foundry.js";

/** Anvil account indices and the roles Deploy.s.sol gives them. */
export const ACCOUNT = {
  /** Deployer, curator, owner of every simulation: the scenario's market maker and protocol operator. */
  operator: 0,
  /** Allocator: the keeper bot signs with it. */
  keeper: 1,
  guardian: 2,
  feeRecipient: 3,
} as const;

/** Reads a contract's ABI from the forge artifact out/<file>/<contract>.json. */
export function artifactAbi(file: string, contract: string): Abi {
  const artifact = path.join(repoRoot, "out", file, `${contract}.json`);
  let text: string;
  try {
    text = readFileSync(artifact, "utf8");
  } catch {
    throw new Error(`missing forge artifact ${artifact}: run \`forge build\` first`);
  }
  const parsed = JSON.parse(text) as { abi?: unknown };
  if (!Array.isArray(parsed.abi)) throw new Error(`${artifact} has no abi array`);
  return parsed.abi as Abi;
}

/** The simulation ABIs the scenario drives, from the artifacts. */
export function loadSimAbis() {
  return {
    protocol: artifactAbi("SimProtocolBase.sol", "SimProtocolBase"),
    etherFiPool: artifactAbi("SimEtherFi.sol", "SimEtherFiLiquidityPool"),
    etherFiNft: artifactAbi("SimEtherFi.sol", "SimEtherFiWithdrawRequestNFT"),
    weETH: artifactAbi("SimEtherFi.sol", "SimWeETH"),
    renzo: artifactAbi("SimRenzo.sol", "SimRenzo"),
    kelp: artifactAbi("SimKelp.sol", "SimKelp"),
    puffer: artifactAbi("SimPuffer.sol", "SimPufferVault"),
    pufferManager: artifactAbi("SimPuffer.sol", "SimPufferWithdrawalManager"),
    swell: artifactAbi("SimSwell.sol", "SimRswETH"),
    swellExit: artifactAbi("SimSwell.sol", "SimRswEXIT"),
    exitPool: artifactAbi("SimExitPool.sol", "SimExitPool"),
    feed: artifactAbi("SimMarketFeed.sol", "SimMarketFeed"),
    weth: artifactAbi("WETH.sol", "WETH"),
    avs: artifactAbi("SimEigenLayer.sol", "SimAVS"),
  };
}
export type SimAbis = ReturnType<typeof loadSimAbis>;

export type Wallet = WalletClient<Transport, Chain, Account>;

/** A call the scenario sends: any contract, any ABI from the artifacts. */
export interface Call {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
}

export class World {
  readonly client: PublicClient;
  readonly chain: Chain;
  readonly abis: SimAbis;
  private readonly wallets = new Map<number, Wallet>();

  constructor(
    readonly rpcUrl: string,
    readonly deployment: Deployment,
  ) {
    this.chain = defineChain({
      id: deployment.chainId,
      name: `devnet ${deployment.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    });
    // Anvil mines each transaction at once: poll receipts fast instead of viem's 4 s default.
    this.client = createPublicClient({ chain: this.chain, transport: http(rpcUrl), pollingInterval: 50 }) as PublicClient;
    this.abis = loadSimAbis();
  }

  /** Wallet of anvil account `index` (0..9). */
  wallet(index: number): Wallet {
    const existing = this.wallets.get(index);
    if (existing !== undefined) return existing;
    const key = ANVIL_KEYS[index];
    if (key === undefined) throw new Error(`anvil account ${index} does not exist (0..${ANVIL_KEYS.length - 1})`);
    const wallet = createWalletClient({
      account: privateKeyToAccount(key),
      chain: this.chain,
      transport: http(this.rpcUrl),
      pollingInterval: 50,
    });
    this.wallets.set(index, wallet);
    return wallet;
  }

  address(index: number): Address {
    return this.wallet(index).account.address;
  }

  /** Sends `call` from account `from`, waits for it to be mined, throws (with the decoded error) on a revert. */
  async send(from: number, call: Call): Promise<TransactionReceipt> {
    const wallet = this.wallet(from);
    const { request } = await this.client.simulateContract({
      account: wallet.account,
      address: call.address,
      abi: call.abi,
      functionName: call.functionName,
      args: call.args ?? [],
      value: call.value,
    } as Parameters<PublicClient["simulateContract"]>[0]);
    const hash: Hex = await wallet.writeContract(request as Parameters<Wallet["writeContract"]>[0]);
    const receipt = await this.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${call.functionName} on ${call.address} reverted (tx ${hash})`);
    return receipt;
  }

  /** Reads a view of any contract. */
  async read(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<unknown> {
    return this.client.readContract({ address, abi, functionName, args });
  }

  /** Reads a uint view (throws if the answer is not one). */
  async readUint(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<bigint> {
    const value = await this.read(address, abi, functionName, args);
    if (typeof value !== "bigint") throw new Error(`${functionName} on ${address} returned ${String(value)}, expected a uint`);
    return value;
  }

  /**
   * Moves chain time forward by `seconds` from the latest block and mines a block stamped exactly then.
   * With `fixBlockInterval` the result does not depend on how long the host took between calls.
   */
  async advanceTime(seconds: number): Promise<bigint> {
    if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`advanceTime: seconds must be a whole non-negative number, got ${seconds}`);
    const target = (await this.now()) + BigInt(seconds);
    await this.rpc("evm_setNextBlockTimestamp", [Number(target)]);
    await this.rpc("evm_mine", []);
    return this.now();
  }

  /**
   * Stamps every new block exactly `seconds` after the previous one instead of with the wall clock, so a
   * replay of the same transactions sees the same chain times (the keeper's rate windows and guard
   * cool-downs then decide the same way on a fast or a loaded machine).
   */
  async fixBlockInterval(seconds: number): Promise<void> {
    await this.rpc("anvil_setBlockTimestampInterval", [seconds]);
  }

  /** An anvil or evm_* RPC method viem's typed client does not list. */
  private async rpc(method: string, params: readonly unknown[]): Promise<unknown> {
    const request = this.client.request as unknown as (args: { method: string; params: readonly unknown[] }) => Promise<unknown>;
    return request({ method, params });
  }

  /** Timestamp of the latest block. */
  async now(): Promise<bigint> {
    const block = await this.client.getBlock({ blockTag: "latest" });
    return block.timestamp;
  }

  /** Deposits `amount` wei of native ETH into the vault for account `from`; returns the shares minted. */
  async depositEth(from: number, amount: bigint): Promise<bigint> {
    const receiver = this.address(from);
    const receipt = await this.send(from, {
      address: this.deployment.vault,
      abi: lrtVaultAbi,
      functionName: "depositETH",
      args: [receiver, 0n],
      value: amount,
    });
    const [event] = parseEventLogs({ abi: lrtVaultAbi, eventName: "Deposit", logs: receipt.logs });
    if (event === undefined) throw new Error(`depositETH by account ${from} emitted no Deposit event`);
    return event.args.shares;
  }

  /** Redeems `shares` of account `from` for native ETH; returns the ETH paid. */
  async redeemEth(from: number, shares: bigint): Promise<bigint> {
    const owner = this.address(from);
    return (await this.exitEth(from, "redeemETH", [shares, owner, owner, 0n])).assets;
  }

  /** Withdraws `assets` wei as native ETH for account `from`; returns the shares burned. */
  async withdrawEth(from: number, assets: bigint): Promise<bigint> {
    const owner = this.address(from);
    return (await this.exitEth(from, "withdrawETH", [assets, owner, owner, maxUint256])).shares;
  }

  /** Sends a native-ETH exit of the vault and returns its Withdraw event. */
  private async exitEth(from: number, functionName: "redeemETH" | "withdrawETH", args: readonly unknown[]) {
    const receipt = await this.send(from, { address: this.deployment.vault, abi: lrtVaultAbi, functionName, args });
    const [event] = parseEventLogs({ abi: lrtVaultAbi, eventName: "Withdraw", logs: receipt.logs });
    if (event === undefined) throw new Error(`${functionName} by account ${from} emitted no Withdraw event`);
    return event.args;
  }

  /** Requests the redemption of `shares` of account `from` through the vault's queue; returns the id and value owed. */
  async requestRedeem(from: number, shares: bigint): Promise<{ requestId: bigint; owed: bigint; dueAt: bigint }> {
    const owner = this.address(from);
    const receipt = await this.send(from, { address: this.deployment.queue, abi: redemptionQueueAbi, functionName: "requestRedeem", args: [shares, owner, owner] });
    const [event] = parseEventLogs({ abi: redemptionQueueAbi, eventName: "RequestValued", logs: receipt.logs });
    if (event === undefined) throw new Error(`requestRedeem by account ${from} emitted no RequestValued event`);
    return { requestId: event.args.requestId, owed: event.args.assets, dueAt: event.args.dueAt };
  }

  /** Claims fulfilled request `requestId` of account `from` as native ETH; returns the ETH paid. */
  async claimRedeemEth(from: number, requestId: bigint): Promise<bigint> {
    const receipt = await this.send(from, { address: this.deployment.queue, abi: redemptionQueueAbi, functionName: "claimETH", args: [requestId, this.address(from)] });
    const [event] = parseEventLogs({ abi: redemptionQueueAbi, eventName: "RedeemClaimed", logs: receipt.logs });
    if (event === undefined) throw new Error(`claimETH by account ${from} emitted no RedeemClaimed event`);
    return event.args.assets;
  }

  /** When request `requestId` was fulfilled (its RedeemFulfilled event's block time); null while it is not. */
  async fulfilledAt(requestId: bigint): Promise<bigint | null> {
    const [event] = await this.client.getContractEvents({
      address: this.deployment.queue,
      abi: redemptionQueueAbi,
      eventName: "RedeemFulfilled",
      args: { requestId },
      fromBlock: 0n,
      toBlock: "latest",
    });
    if (event === undefined) return null;
    return (await this.client.getBlock({ blockNumber: event.blockNumber })).timestamp;
  }

  /** The deployment's junior tranche (throws for a deployment without one). */
  private get junior(): Address {
    const junior = this.deployment.junior;
    if (junior === undefined) throw new Error("the deployment has no junior tranche (deployments JSON: junior)");
    return junior;
  }

  /** Deposits `amount` wei of native ETH as junior capital for account `from`; returns the junior shares minted. */
  async juniorDepositEth(from: number, amount: bigint): Promise<bigint> {
    const receipt = await this.send(from, { address: this.junior, abi: juniorTrancheAbi, functionName: "depositETH", args: [this.address(from), 0n], value: amount });
    const [event] = parseEventLogs({ abi: juniorTrancheAbi, eventName: "Deposit", logs: receipt.logs });
    if (event === undefined) throw new Error(`junior depositETH by account ${from} emitted no Deposit event`);
    return event.args.shares;
  }

  /** Requests the exit of every junior share of account `from`; returns the request id and when it is claimable. */
  async juniorRequestAll(from: number): Promise<{ requestId: bigint; claimableAt: bigint }> {
    const owner = this.address(from);
    const shares = await this.client.readContract({ address: this.junior, abi: juniorTrancheAbi, functionName: "balanceOf", args: [owner] });
    const receipt = await this.send(from, { address: this.junior, abi: juniorTrancheAbi, functionName: "requestRedeem", args: [shares, owner, owner] });
    const [event] = parseEventLogs({ abi: juniorTrancheAbi, eventName: "RedeemRequest", logs: receipt.logs });
    if (event === undefined) throw new Error(`junior requestRedeem by account ${from} emitted no RedeemRequest event`);
    const request = await this.client.readContract({ address: this.junior, abi: juniorTrancheAbi, functionName: "request", args: [event.args.requestId] });
    return { requestId: event.args.requestId, claimableAt: BigInt(request.claimableAt) };
  }

  /** Claims junior request `requestId` of account `from` (vault shares to `from`); returns the vault shares paid. */
  async juniorClaim(from: number, requestId: bigint): Promise<bigint> {
    const receipt = await this.send(from, { address: this.junior, abi: juniorTrancheAbi, functionName: "claim", args: [requestId, this.address(from)] });
    const [event] = parseEventLogs({ abi: juniorTrancheAbi, eventName: "RedeemClaimed", logs: receipt.logs });
    if (event === undefined) throw new Error(`junior claim by account ${from} emitted no RedeemClaimed event`);
    return event.args.paid;
  }

  async shareBalance(index: number): Promise<bigint> {
    return this.client.readContract({
      address: this.deployment.vault,
      abi: lrtVaultAbi,
      functionName: "balanceOf",
      args: [this.address(index)],
    });
  }

  async pricePerShare(): Promise<bigint> {
    return this.client.readContract({ address: this.deployment.vault, abi: lrtVaultAbi, functionName: "pricePerShare" });
  }
}
