import { describe, expect, it } from "vitest";
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  TimeoutError,
} from "viem";
import { classifyError } from "../../../keeper/chain/errors.js";
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
