import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { foundryBinary } from "./foundry.js";

export interface AnvilOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  chainId?: number;
  /** Seconds per block for interval mining; unset mines on every transaction. */
  blockTime?: number;
  /** ETH in each of anvil's default accounts; the devnet seeds deep exit pools, so the default is 1,000,000. */
  balanceEth?: number;
  /** Milliseconds to wait for the RPC to answer. */
  startTimeoutMs?: number;
}

export interface Anvil {
  readonly rpcUrl: string;
  readonly port: number;
  readonly chainId: number;
  readonly pid: number;
  /**
   * Resolves, with a sentence naming anvil, its pid, port and how it ended, if anvil exits without `stop()`
   * (killed, crashed, out of memory); never resolves otherwise. Long-running users race their work against it.
   */
  readonly died: Promise<string>;
  /** Stops anvil and waits for the process to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** anvil's well-known default accounts (mnemonic "test test ... junk"), index 0..9. */
export const ANVIL_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const satisfies readonly `0x${string}`[];

/** Resolves to a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not read the port of a probe socket"));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

/** Throws a clear error when `port` on 127.0.0.1 is already taken. */
export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`port ${port} on 127.0.0.1 is already in use: stop what holds it or choose another port`)
          : err,
      );
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Never leave an anvil behind, whatever way this process ends.
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

async function rpcAnswers(rpcUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    const body = (await res.json()) as { result?: string };
    return body.result === undefined ? undefined : Number.parseInt(body.result, 16);
  } catch {
    return undefined;
  }
}

/** Starts anvil on 127.0.0.1 and resolves once its RPC answers. */
export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const chainId = options.chainId ?? 31337;
  const port = options.port === undefined || options.port === 0 ? await freePort() : options.port;
  await assertPortFree(port);
  const rpcUrl = `http://127.0.0.1:${port}`;

  const args = ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), "--silent"];
  args.push("--balance", String(options.balanceEth ?? 1_000_000));
  if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
  const child = spawn(foundryBinary("anvil"), args, { stdio: ["ignore", "ignore", "pipe"] });
  installExitHook();
  running.add(child);

  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let exited = false;
  let stopping = false;
  let reportDeath: (why: string) => void = () => undefined;
  const died = new Promise<string>((resolve) => (reportDeath = resolve));
  const exitedPromise = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      running.delete(child);
      if (!stopping) {
        const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
        const tail = stderr.trim().split("\n").slice(-3).join(" | ");
        reportDeath(`anvil (pid ${child.pid}, ${rpcUrl}) died unexpectedly (${how})${tail === "" ? "" : `: ${tail}`}`);
      }
      resolve();
    });
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (exited) throw new Error(`anvil exited before its RPC answered on ${rpcUrl}: ${stderr.trim() || "no output"}`);
    const answered = await rpcAnswers(rpcUrl);
    if (answered !== undefined) {
      if (answered !== chainId) {
        child.kill("SIGKILL");
        throw new Error(`the RPC on ${rpcUrl} answered chain id ${answered}, expected ${chainId}`);
      }
      break;
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`anvil did not answer on ${rpcUrl} within ${options.startTimeoutMs ?? 20_000} ms: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    rpcUrl,
    port,
    chainId,
    pid: child.pid ?? -1,
    died,
    async stop() {
      stopping = true;
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
