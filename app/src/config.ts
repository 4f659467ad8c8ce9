/** What the depositors' page reads from `config.json`: the RPC and the addresses it reads; nothing else. */
import type { Address } from "viem";

export interface AppConfig {
  rpcUrl: string;
  chainId: number;
  vault: Address;
  queue: Address;
  lens: Address;
  feed: Address;
  /** Adapter address -> LRT name. */
  names: Record<string, string>;
  /** Adapter address -> configured extras (points, token rewards): shown apart, never summed into the yield. */
  extras?: Record<string, { label: string; bps: number }[]>;
  eigenLayer?: {
    allocationManager: Address;
    delegationManager: Address;
    strategy: Address;
    exposureLens: Address;
    avs: Record<string, Address>;
    /** Adapter address -> the EigenLayer stakers its LRT protocol holds its ETH through. */
    stakers: Record<string, Address[]>;
  };
}
