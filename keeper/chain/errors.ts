/**
 * Errors classified by walking viem's BaseError chain:
 *  - superseded: the vault reverted NonceMismatch: another keeper (or our own earlier tx) moved first;
 *  - revert: any other contract revert (the plan breaks a rule, a role is missing): fatal for this plan;
 *  - retryable: transport trouble (timeouts, HTTP errors, dropped sockets, rate limits, node hiccups);
 *  - fatal: everything else (bad arguments, unknown failures).
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InternalRpcError,
  LimitExceededRpcError,
  NonceTooLowError,
  ResourceUnavailableRpcError,
  RpcRequestError,
  SocketClosedError,
  TimeoutError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  UnknownNodeError,
  WaitForTransactionReceiptTimeoutError,
} from "viem";

export type ErrorClass = "superseded" | "revert" | "retryable" | "fatal";

export interface ClassifiedError {
  kind: ErrorClass;
  /** Decoded custom error name for reverts (e.g. "TierCapExceeded"), when known. */
  errorName?: string;
  message: string;
}

const RETRYABLE = [
  HttpRequestError,
  TimeoutError,
  SocketClosedError,
  LimitExceededRpcError,
  InternalRpcError,
  ResourceUnavailableRpcError,
  UnknownNodeError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
  NonceTooLowError,
] as const;

/** Classifies `err` (anything thrown by viem or by the keeper). */
export function classifyError(err: unknown): ClassifiedError {
  // Endpoints that disagree or do not answer: nothing was sent, the next cycle reads again.
  if (err instanceof Error && (err.name === "RpcDisagreementError" || err.name === "RpcQuorumError")) {
    return { kind: "retryable", message: err.message };
  }
  if (!(err instanceof BaseError)) {
    const message = err instanceof Error ? err.message : String(err);
    return { kind: "fatal", message };
  }
  const message = err.shortMessage;
  const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (revert instanceof ContractFunctionRevertedError) {
    const errorName = revert.data?.errorName;
    if (errorName === "NonceMismatch") return { kind: "superseded", errorName, message };
    return errorName === undefined ? { kind: "revert", message } : { kind: "revert", errorName, message };
  }
  const transient = err.walk((e) => RETRYABLE.some((cls) => e instanceof cls));
  if (transient !== null && transient !== undefined) return { kind: "retryable", message };
  // A node refusing a replacement (fee too close to the stuck one) or a duplicate: try again with more fee.
  if (/underpriced|already known/i.test(err.message)) return { kind: "retryable", message };
  const rpc = err.walk((e) => e instanceof RpcRequestError);
  if (rpc instanceof RpcRequestError && (rpc.code === -32603 || rpc.code === -32005 || rpc.code === 429)) {
    return { kind: "retryable", message };
  }
  return { kind: "fatal", message };
}

/** A classified error as one line: the decoded revert name first (`SlippageTooHigh: ...`), when known. */
export function errorText(e: ClassifiedError | undefined): string | null {
  if (e === undefined) return null;
  return e.errorName === undefined ? e.message : `${e.errorName}: ${e.message}`;
}
