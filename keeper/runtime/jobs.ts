/**
 * The keeper's jobs (cycles, reports) run one at a time, since they share one account nonce. A trigger while
 * a job runs is queued, never dropped: a report whose cron fires during a cycle runs as soon as the cycle
 * ends. A trigger for a job already waiting in the queue joins it (a slow cycle cannot pile up behind itself).
 */
import type { Logger } from "pino";

interface Waiting {
  name: string;
  job: () => Promise<unknown>;
  done: Promise<unknown>;
  settle: { resolve: (v: unknown) => void; reject: (e: unknown) => void };
}

export class JobQueue {
  private current: string | null = null;
  private readonly waiting: Waiting[] = [];
  private drained: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  constructor(private readonly log: Logger) {}

  /** The job running now, or null. */
  get running(): string | null {
    return this.current;
  }

  /** Names of the jobs waiting, in the order they will run. */
  get queued(): string[] {
    return this.waiting.map((w) => w.name);
  }

  /** Runs `job` after those before it; resolves to its result (a joined trigger resolves to the waiting run's). */
  run<T>(name: string, job: () => Promise<T>): Promise<T> {
    const same = this.waiting.find((w) => w.name === name);
    if (same !== undefined) {
      this.log.debug({ job: name }, "trigger joins the run already queued");
      return same.done as Promise<T>;
    }
    let settle!: Waiting["settle"];
    const done = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
    this.waiting.push({ name, job, done, settle });
    if (this.current !== null) this.log.info({ job: name, running: this.current }, "queued behind the running job");
    if (this.release === null) this.drained = new Promise((r) => (this.release = r));
    void this.pump();
    return done as Promise<T>;
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    return this.drained;
  }

  private async pump(): Promise<void> {
    if (this.current !== null) return;
    for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) {
      this.current = next.name;
      try {
        next.settle.resolve(await next.job());
      } catch (err) {
        next.settle.reject(err);
      } finally {
        this.current = null;
      }
    }
    const release = this.release;
    this.release = null;
    release?.();
  }
}
