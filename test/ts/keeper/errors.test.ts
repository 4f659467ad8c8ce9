import { describe, expect, it } from "vitest";
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  TimeoutError,
} from "viem";
import { classifyError, errorText } from "../../../keeper/chain/errors.js";
import { describeError, redactUrl, rpcFailure } from "../../../keeper/chain/rpc.js";
import { lrtVaultAbi } from "../../../keeper/chain/abis.generated.js";

function revertWith(errorName: "NonceMismatch" | "TierCapExceeded", args: readonly unknown[]): BaseError {
  const data = encodeErrorResult({ abi: lrtVaultAbi, errorName, args } as Parameters<typeof encodeErrorResult>[0]);
  const cause = new ContractFunctionRevertedError({ abi: lrtVaultAbi, data, functionName: "rebalance" });
  return new ContractFunctionExecutionError(cause, { abi: lrtVaultAbi, functionName: "rebalance", args: [] });
}

describe("error classes from viem's BaseError chain", () => {
  it("reads a NonceMismatch revert as superseded (another keeper acted)", () => {
    expect(classifyError(revertWith("NonceMismatch", [1n, 2n]))).toMatchObject({ kind: "superseded", errorName: "NonceMismatch" });
  });
  it("reads any other revert as a revert and names the custom error", () => {
    expect(classifyError(revertWith("TierCapExceeded", [1, 5n, 4n]))).toMatchObject({ kind: "revert", errorName: "TierCapExceeded" });
  });
  it("reads transport trouble, however deep in the chain, as retryable", () => {
    const http = new HttpRequestError({ url: "http://127.0.0.1:1", status: 502 });
    expect(classifyError(http).kind).toBe("retryable");
    expect(classifyError(new BaseError("outer", { cause: new TimeoutError({ body: {}, url: "http://x" }) })).kind).toBe("retryable");
  });
  it("reads anything else as fatal", () => {
    expect(classifyError(new Error("boom"))).toEqual({ kind: "fatal", message: "boom" });
    expect(classifyError(new BaseError("bad argument")).kind).toBe("fatal");
  });
});

describe("errors in an operator's words", () => {
  it("puts the decoded revert name first (the page and the cycle log showed only 'reverted.')", () => {
    expect(errorText(classifyError(revertWith("TierCapExceeded", [1, 5n, 4n])))).toMatch(/^TierCapExceeded: /);
    expect(errorText(classifyError(new Error("boom")))).toBe("boom");
  });
  it("a revert is the contract's answer, not an RPC failure; an HTTP status is", () => {
    expect(rpcFailure(revertWith("TierCapExceeded", [1, 5n, 4n]), "http://n")).toBeNull();
    expect(describeError(new HttpRequestError({ url: "http://127.0.0.1:8545/", status: 502 }), "http://127.0.0.1:8545/")).toBe(
      "RPC http://127.0.0.1:8545: HTTP 502",
    );
  });
  it("keeps API keys in a provider URL's path or query out of messages", () => {
    expect(redactUrl("https://eth-mainnet.example.com/v2/AbCdEf0123456789xyzKEY")).toBe("https://eth-mainnet.example.com/<redacted>");
    expect(redactUrl("https://rpc.example.com/?apikey=secret")).toBe("https://rpc.example.com?<redacted>");
    expect(redactUrl("http://10.0.0.5:8545")).toBe("http://10.0.0.5:8545");
  });
});
