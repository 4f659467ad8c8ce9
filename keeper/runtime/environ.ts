/**
 * Secrets off the host's environment. `scrubEnvironment` removes variables from `process.env` and also blanks
 * them in the process's initial environment block: the memory `/proc/<pid>/environ` shows, which deleting from
 * `process.env` does not touch (the kernel keeps serving the strings the process started with). It overwrites
 * them in place through `/proc/self/mem` (Linux; a process may write its own memory). Elsewhere, or when the
 * kernel refuses, only `process.env` is cleared and the result says so. Prefer not to put the key in the
 * environment at all: systemd credentials (`LoadCredential=`) hand it over as a file (config/key.ts).
 */
import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";

export interface ScrubResult {
  /** Variables that were set and are now gone from process.env. */
  cleared: string[];
  /** True when /proc/self/environ no longer shows them (or they were never in the initial block). */
  environBlanked: boolean;
  /** Why the initial block could not be blanked, when it could not. */
  problem?: string;
}

/** The initial environment block's bounds, from /proc/self/stat fields 50 and 51 (env_start, env_end). */
function environBounds(): { start: number; end: number } {
  const stat = readFileSync("/proc/self/stat", "utf8");
  // Field 2 (comm) may hold spaces and parentheses: count fields after its closing ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).trim().split(" ");
  const start = Number(fields[50 - 3]);
  const end = Number(fields[51 - 3]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start) throw new Error("no environment bounds in /proc/self/stat");
  return { start, end };
}

/** Removes `names` from process.env and blanks them in /proc/self/environ. */
export function scrubEnvironment(names: readonly string[]): ScrubResult {
  const cleared = names.filter((n) => process.env[n] !== undefined);
  for (const n of names) delete process.env[n];
  if (process.platform !== "linux") return { cleared, environBlanked: false, problem: "not Linux: only process.env was cleared" };
  let fd: number | null = null;
  try {
    const { start, end } = environBounds();
    fd = openSync("/proc/self/mem", "r+");
    const block = Buffer.alloc(end - start);
    readSync(fd, block, 0, block.length, start);
    let offset = 0;
    while (offset < block.length) {
      let stop = block.indexOf(0, offset);
      if (stop === -1) stop = block.length;
      const entry = block.subarray(offset, stop).toString("latin1");
      const name = entry.slice(0, entry.indexOf("="));
      if (names.includes(name)) {
        const blank = Buffer.alloc(stop - offset); // zeros: the entry reads as empty
        writeSync(fd, blank, 0, blank.length, start + offset);
      }
      offset = stop + 1;
    }
    return { cleared, environBlanked: true };
  } catch (err) {
    return { cleared, environBlanked: false, problem: `/proc/self/environ not blanked: ${(err as Error).message}` };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
