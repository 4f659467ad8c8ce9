/**
 * RpcQuorum's rules on stand-in endpoints (the lying HTTP proxy in keeper.rpc.test.ts covers them against anvil):
 * a single endpoint's frozen head caught by the wall clock, a lagging endpoint left out, answers compared field by
 * field, reverts as answers, too few answers.
 */
import { describe, expect, it } from "vitest";
import { ContractFunctionRevertedError, HttpRequestError, type PublicClient } from "viem";
import { firstDifference, RpcDisagreementError, RpcQuorum } from "../../../keeper/chain/quorum.js";

function endpoint(url: string, head: { number: bigint; timestamp: bigint }, chainId = 1): { url: string; client: PublicClient } {
  const client = {
    getChainId: async () => chainId,
    getBlock: async () => head,
  } as unknown as PublicClient;
  return { url, client };
}

const options = (nowSeconds: number, maxHeadAgeSeconds = 180) => ({ chainId: 1, maxHeadLagBlocks: 3, maxHeadAgeSeconds, now: () => nowSeconds * 1000 });

describe("RpcQuorum.checkHeads", () => {
  it("one endpoint whose head stopped: caught by the wall clock (headAge), not before the limit", async () => {
    const head = { number: 239n, timestamp: 1_000n };
    await expect(new RpcQuorum([endpoint("http://a", head)], options(1_180)).checkHeads()).resolves.toMatchObject({ block: 239n });
    const err = await new RpcQuorum([endpoint("http://a", head)], options(1_181)).checkHeads().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcDisagreementError);
    expect((err as RpcDisagreementError).kind).toBe("headAge");
    expect((err as Error).message).toMatch(/181 s old by the wall clock \(limit 180 s\)/);
    // 0 turns the check off (a local anvil)
    await expect(new RpcQuorum([endpoint("http://a", head)], options(99_999, 0)).checkHeads()).resolves.toMatchObject({ block: 239n });
  });

  it("decides at the lowest head among endpoints within the lag; one further behind is left out", async () => {
    const q = new RpcQuorum(
      [endpoint("http://a", { number: 258n, timestamp: 1_000n }), endpoint("http://b", { number: 257n, timestamp: 998n }), endpoint("http://c", { number: 239n, timestamp: 800n })],
      options(1_010),
    );
    const h = await q.checkHeads();
    expect(h.block).toBe(257n);
    expect(h.endpoints.map((e) => e.problem)).toEqual([null, null, "head 239 is 19 blocks behind 258"]);
  });

  it("a wrong chain id anywhere is a disagreement", async () => {
    const q = new RpcQuorum([endpoint("http://a", { number: 1n, timestamp: 1n }), endpoint("http://b", { number: 1n, timestamp: 1n }, 5)], options(2));
    await expect(q.checkHeads()).rejects.toMatchObject({ kind: "chainId" });
  });
});

describe("RpcQuorum.confirm", () => {
  const two = () => new RpcQuorum([endpoint("http://a", { number: 1n, timestamp: 1n }), endpoint("http://b", { number: 1n, timestamp: 1n }), endpoint("http://c", { number: 1n, timestamp: 1n })], options(2));
  const clients = (q: RpcQuorum) => q.endpoints.map((e) => e.client);

  it("returns the agreed answer; names the first differing field otherwise", async () => {
    const q = two();
    const [a] = clients(q);
    await expect(q.confirm("x", async () => ({ rate: 5n, list: [1n, 2n] }))).resolves.toEqual({ rate: 5n, list: [1n, 2n] });
    const err = await q.confirm("vault read", async (c) => ({ rate: c === a ? 98n : 100n })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/vault read: .*answered differently \(rate: 98 vs 100\)/);
  });

  it("moves to the next endpoint when one fails to answer; too few answers is RpcQuorumError", async () => {
    const q = two();
    const [a, b] = clients(q);
    const down = new HttpRequestError({ url: "http://a", status: 503 });
    await expect(q.confirm("x", async (c) => {
      if (c === a) throw down;
      return 1n;
    })).resolves.toBe(1n);
    await expect(q.confirm("x", async (c) => {
      if (c === a || c === b) throw down;
      return 1n;
    })).rejects.toMatchObject({ name: "RpcQuorumError" });
  });

  it("a revert on one endpoint against a value on the other is a disagreement; the same revert on both is rethrown", async () => {
    const q = two();
    const [a] = clients(q);
    const revert = new ContractFunctionRevertedError({ abi: [], functionName: "rebalance", message: "SlippageTooHigh" });
    await expect(q.confirm("sim", async (c) => {
      if (c === a) throw revert;
      return 1n;
    })).rejects.toBeInstanceOf(RpcDisagreementError);
    await expect(q.confirm("sim", async () => {
      throw revert;
    })).rejects.toBe(revert);
  });

  it("firstDifference walks nested objects and arrays", () => {
    expect(firstDifference({ a: [{ b: 1n }, { b: 2n }] }, { a: [{ b: 1n }, { b: 3n }] })).toBe("a.1.b: 2 vs 3");
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeNull();
  });
});
