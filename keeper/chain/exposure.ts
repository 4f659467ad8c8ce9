/**
 * Reads each LRT's exposure per AVS through ExposureLens in one eth_call (deployed, or undeployed from its
 * creation code): the cycle's second round trip. No decisions here.
 */
import { getAddress, type PublicClient } from "viem";
import type { RiskConfig } from "../config/schema.js";
import type { ExposureSnapshot } from "../strategy/exposure.js";
import { exposureLensAbi, exposureLensBytecode } from "./abis.generated.js";

/** The AVS names of `risk`, in the fixed order every exposure read uses (sorted). */
export function avsOrder(risk: RiskConfig): string[] {
  return Object.keys(risk.eigenLayer.operatorSets).sort();
}

/** Exposures of every configured adapter to every configured AVS at `blockNumber` (the vault read's, so both reads
 * see one state) or the latest block: one request. */
export async function readExposures(client: PublicClient, risk: RiskConfig, blockNumber?: bigint): Promise<ExposureSnapshot> {
  const el = risk.eigenLayer;
  const avs = avsOrder(risk);
  const args = [
    el.allocationManager,
    el.delegationManager,
    el.strategy,
    avs.map((name) => ({ avs: el.operatorSets[name]!.avs, id: el.operatorSets[name]!.id })),
    Object.entries(el.stakers).map(([adapter, stakers]) => ({ adapter: getAddress(adapter), stakers })),
  ] as const;
  const at = blockNumber === undefined ? {} : { blockNumber };
  const [readAt, lrts] =
    el.exposureLens === undefined
      ? await client.readContract({ abi: exposureLensAbi, code: exposureLensBytecode, functionName: "exposures", args, ...at })
      : await client.readContract({ abi: exposureLensAbi, address: el.exposureLens, functionName: "exposures", args, ...at });
  return {
    blockNumber: readAt,
    avs,
    lrts: lrts.map((e) => ({ adapter: e.adapter, restaked: e.restaked, atRisk: [...e.atRisk] })),
  };
}
