import { describe, expect, it } from "vitest";
import { assertPortFree, startAnvil } from "../../../script/lib/anvil.js";

async function chainIdOf(rpcUrl: string): Promise<number> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  const body = (await res.json()) as { result: string };
  return Number.parseInt(body.result, 16);
}

describe("startAnvil", () => {
  it("starts a chain with the requested id and stops it so the port is free again", async () => {
    const anvil = await startAnvil({ chainId: 31337 });
    expect(await chainIdOf(anvil.rpcUrl)).toBe(31337);
    await anvil.stop();
    await expect(assertPortFree(anvil.port)).resolves.toBeUndefined();
    await expect(fetch(anvil.rpcUrl)).rejects.toThrow();
  });

  it("refuses a port that is already taken, naming the port", async () => {
    const first = await startAnvil();
    try {
      await expect(startAnvil({ port: first.port })).rejects.toThrow(`port ${first.port} on 127.0.0.1 is already in use`);
    } finally {
      await first.stop();
    }
  });
});
