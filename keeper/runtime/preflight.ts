/**
 * Start checks, before anything is scheduled or sent: the RPC answers and serves the configured chain, `vault`
 * is an LRTVault (identified through functions that stay on the vault: asset, ALLOCATOR_ROLE, priceFeed,
 * rebalanceNonce), `lens` a VaultLens that reads it, and the signing account holds ALLOCATOR_ROLE. Each failure
 * is a StartError with the exit code of its kind and a message naming the field, address or role.
 */
import { BaseError, type Address, type Hex, type PublicClient } from "viem";
import { holdsRole, probeLens, readVaultIdentity, type VaultIdentity } from "../chain/ops.js";
import type { RpcQuorum } from "../chain/quorum.js";
import { describeError, redactUrl, rpcFailure } from "../chain/rpc.js";
import type { KeeperConfig } from "../config/schema.js";
import { EXIT, StartError } from "./exit.js";

function short(err: unknown): string {
  const inner = (err as { cause?: unknown }).cause ?? err;
  if (inner instanceof BaseError) return inner.shortMessage.split("\n")[0]!;
  return inner instanceof Error ? inner.message : String(inner);
}

/** Rethrows an RPC failure as exit 3 (the node is down or refusing), anything else as `otherwise`. */
function rethrow(err: unknown, config: KeeperConfig, otherwise: () => StartError): never {
  if (rpcFailure(err, config.rpcUrl) !== null) {
    throw new StartError(EXIT.rpc, `rpcUrl: ${describeError(err, config.rpcUrl)} (is the node up and reachable?)`);
  }
  throw otherwise();
}

export interface Preflight {
  chainId: number;
  vault: VaultIdentity;
}

export async function preflight(client: PublicClient, config: KeeperConfig, account?: Address, quorum?: RpcQuorum): Promise<Preflight> {
  const chainId = await client.getChainId().catch((err: unknown) =>
    rethrow(err, config, () => new StartError(EXIT.rpc, `rpcUrl: ${redactUrl(config.rpcUrl)} did not answer eth_chainId: ${describeError(err, config.rpcUrl)}`)),
  );
  if (chainId !== config.chainId) {
    throw new StartError(EXIT.refused, `chainId: the RPC at ${redactUrl(config.rpcUrl)} serves chain ${chainId}, the config says ${config.chainId}`);
  }
  // Every other endpoint serves the same chain too (a wrong one is refused before anything runs).
  for (const e of quorum?.endpoints.slice(1) ?? []) {
    // One that is down now is left to each cycle's head check (the others may carry on without it).
    const other = await e.client.getChainId().catch(() => null);
    if (other !== null && other !== config.chainId) {
      throw new StartError(EXIT.refused, `rpcUrls: the RPC at ${redactUrl(e.url)} serves chain ${other}, the config says ${config.chainId}`);
    }
  }
  for (const [field, address] of [["vault", config.vault], ["lens", config.lens]] as const) {
    if (address === undefined) continue;
    const code = await client.getCode({ address }).catch((err: unknown) => rethrow(err, config, () => new StartError(EXIT.rpc, short(err))));
    if (code === undefined || code === "0x") throw new StartError(EXIT.refused, `${field}: no contract at ${address} on chain ${chainId}`);
  }
  const vault = await readVaultIdentity(client, config.vault).catch((err: unknown) =>
    rethrow(
      err,
      config,
      () =>
        new StartError(
          EXIT.refused,
          `vault: ${config.vault} on chain ${chainId} is not an LRTVault (${(err as { fn?: string }).fn ?? "a read"}() failed: ${short(err)})`,
        ),
    ),
  );
  if (config.lens !== undefined) {
    const lens = config.lens;
    await probeLens(client, lens, config.vault).catch((err: unknown) =>
      rethrow(err, config, () => new StartError(EXIT.refused, `lens: ${lens} on chain ${chainId} is not a VaultLens for vault ${config.vault} (snapshot() failed: ${short(err)})`)),
    );
  }
  if (account !== undefined) {
    const role: Hex = vault.allocatorRole;
    const holds = await holdsRole(client, config.vault, role, account).catch((err: unknown) =>
      rethrow(err, config, () => new StartError(EXIT.refused, `vault: hasRole() failed: ${short(err)}`)),
    );
    if (!holds) {
      throw new StartError(
        EXIT.refused,
        `account ${account} does not hold ALLOCATOR_ROLE (${role}) on vault ${config.vault}: ` +
          "use the allocator's key, or have the admin grant it with setRole(ALLOCATOR_ROLE, account, true)",
      );
    }
  }
  return { chainId, vault };
}
