/**
 * The keeper's exit codes, one meaning each, so a supervisor (systemd, a shell script) can tell a bad
 * config it should not restart from an RPC outage it should retry. README "Exit codes" lists the same.
 */
export const EXIT = {
  /** Done (once, status) or stopped by SIGINT/SIGTERM (run). */
  ok: 0,
  /** A cycle failed, was rejected or got stuck (once), or the keeper failed while running. */
  failed: 1,
  /** Bad config, key or arguments: nothing was sent. */
  config: 2,
  /** The RPC cannot be reached or fails (refused, timeout, HTTP error): retry later. */
  rpc: 3,
  /**
   * The world does not match the config: wrong chain id, no contract, `vault` not an LRTVault or `lens`
   * not a VaultLens, the account lacks ALLOCATOR_ROLE, or `server.port` is taken. Nothing was started.
   */
  refused: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A reason not to start, with the exit code that says which kind. */
export class StartError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "StartError";
  }
}
