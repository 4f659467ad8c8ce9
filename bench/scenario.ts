/**
 * A seeded generator of a year of daily LRT rate paths, for the yield replay (pure, deterministic).
 *
 * Per LRT, each day:
 *  - APR = mean + regime offset + a mean-reverting (Ornstein-Uhlenbeck) wobble, kept within [0.3 %, 12 %].
 *    A regime change (a points campaign starting or ending, a restaking reward switching on) replaces the
 *    offset at random moments, so the best-yielding LRT changes several times a year.
 *  - fair rate (ETH per token) grows by APR / 365; a slash cuts it at once and for good.
 *  - market rate = fair rate less a small discount (0..5 bps), and less a depeg when one is on: the depeg
 *    opens at its full depth and closes linearly over its duration.
 *  - an AVS slash (restaking): an AVS's operator set is slashed by a share w of its allocated stake, and every
 *    LRT i delegated to its operators loses x_ia · w of its fair rate on the same day (x_ia: the share of the
 *    LRT's restaked ETH the AVS can slash), so one event hits several LRTs at once, correlated by their overlap.
 * The five LRTs mirror the devnet's simulations (script/DeploySimulation.s.sol): rates, APRs, tiers, and the
 * exposures of the five seeded AVSs (operators' magnitudes x each protocol's delegation split).
 */

export interface LrtSpec {
  name: string;
  /** Risk tier id, as the deploy script registers the adapter. */
  tier: number;
  /** Fair rate at day 0, ETH per token. */
  initialRate: number;
  /** Long-run APR, bps. */
  meanAprBps: number;
  /** The protocol's withdrawal delay (queued exit to claimable), days, as the devnet's simulation sets it. */
  withdrawalDelayDays: number;
}

export const DEVNET_LRTS: readonly LrtSpec[] = [
  { name: "weETH", tier: 0, initialRate: 1.07, meanAprBps: 310, withdrawalDelayDays: 7 },
  { name: "ezETH", tier: 1, initialRate: 1.03, meanAprBps: 330, withdrawalDelayDays: 7 },
  { name: "rsETH", tier: 2, initialRate: 1.04, meanAprBps: 290, withdrawalDelayDays: 8 },
  { name: "pufETH", tier: 0, initialRate: 1.05, meanAprBps: 280, withdrawalDelayDays: 14 },
  { name: "rswETH", tier: 1, initialRate: 1.06, meanAprBps: 300, withdrawalDelayDays: 12 },
];

/** One AVS: how often it slashes, how hard, and the share of each LRT's value it can slash. */
export interface AvsSpec {
  name: string;
  /** Expected slash events per year. */
  slashesPerYear: number;
  /** Share of the allocated stake one event slashes, uniform in [min, max]. */
  severity: readonly [number, number];
  /** x_ia per LRT, in the order of `lrts` (repeated for scenarios with more LRTs). */
  exposure: readonly number[];
}

/**
 * The devnet's AVSs (script/DeploySimulation.s.sol) with their exposures (weETH, ezETH, rsETH, pufETH, rswETH),
 * as ExposureLens reads them on the deployed devnet, and assumed slash rates and severities.
 */
export const DEVNET_AVS: readonly AvsSpec[] = [
  { name: "EigenDA", slashesPerYear: 0.2, severity: [0.02, 0.2], exposure: [0.39, 0.3, 0.09, 0.32, 0] },
  { name: "Hyperlane", slashesPerYear: 0.15, severity: [0.02, 0.2], exposure: [0.11, 0, 0.18, 0.04, 0.15] },
  { name: "Espresso", slashesPerYear: 0.15, severity: [0.02, 0.2], exposure: [0.09, 0.15, 0.06, 0, 0.1] },
  { name: "Aethos", slashesPerYear: 0.25, severity: [0.02, 0.2], exposure: [0, 0, 0.16, 0, 0.225] },
  { name: "Lagrange", slashesPerYear: 0.2, severity: [0.02, 0.2], exposure: [0, 0.2, 0.03, 0.24, 0.05] },
];

/** x_ia of LRT i to AVS a (exposures repeat beyond the list, for scenarios with more LRTs). */
export function avsExposure(avs: AvsSpec, i: number): number {
  return avs.exposure.length === 0 ? 0 : avs.exposure[i % avs.exposure.length]!;
}

export interface ScenarioOptions {
  days: number;
  lrts: readonly LrtSpec[];
  /** Daily standard deviation of the APR wobble, bps. */
  aprNoiseBps: number;
  /** Daily pull of the wobble back to zero (0..1). */
  aprReversion: number;
  /** Expected regime changes per LRT per year; the new offset is uniform in [min, max] bps. */
  regimesPerYear: number;
  regimeOffsetBps: readonly [number, number];
  /** Expected slashes per LRT per year; size uniform in [min, max] bps of the fair rate. */
  slashesPerYear: number;
  slashBps: readonly [number, number];
  /** Expected depegs per LRT per year; depth uniform in [min, max] bps, duration in [min, max] days. */
  depegsPerYear: number;
  depegBps: readonly [number, number];
  depegDays: readonly [number, number];
  /** AVSs whose slashes hit every LRT exposed to them on the same day. */
  avs: readonly AvsSpec[];
}

export const DEFAULT_SCENARIO: ScenarioOptions = {
  days: 365,
  lrts: DEVNET_LRTS,
  aprNoiseBps: 8,
  aprReversion: 1 / 30,
  regimesPerYear: 3,
  regimeOffsetBps: [-120, 160],
  slashesPerYear: 0.15,
  slashBps: [10, 200],
  depegsPerYear: 0.25,
  depegBps: [100, 600],
  depegDays: [2, 10],
  avs: DEVNET_AVS,
};

export type ScenarioEvent =
  | { day: number; lrt: number; kind: "regime"; offsetBps: number }
  | { day: number; lrt: number; kind: "slash"; bps: number }
  | { day: number; lrt: number; kind: "depeg"; bps: number; days: number }
  /** `lrt` is -1: the event is the AVS's; `hits` is each LRT's loss share (x_ia · wad, 0 when not exposed). */
  | { day: number; lrt: -1; kind: "avsSlash"; avs: number; wad: number; hits: number[] };

export interface Scenario {
  seed: number;
  days: number;
  lrts: readonly LrtSpec[];
  /** apr[i][d]: APR (fraction) of LRT i over day d -> d+1, d = 0..days-1. */
  apr: number[][];
  /** fair[i][d]: fair rate of LRT i at the end of day d, d = 0..days (day 0 = start). */
  fair: number[][];
  /** market[i][d]: market rate, same indexing; never above the fair rate. */
  market: number[][];
  events: ScenarioEvent[];
}

/** A seeded PRNG (32-bit SplitMix variant): uniform floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
}

/** Standard normal draw (Box-Muller) from a uniform source. */
export function normal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function between(random: () => number, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * random();
}

function checkOptions(o: ScenarioOptions): void {
  const bad = (field: string, why: string) => {
    throw new Error(`scenario option ${field}: ${why}`);
  };
  if (!Number.isInteger(o.days) || o.days < 1) bad("days", `must be a positive integer, got ${o.days}`);
  if (o.lrts.length === 0) bad("lrts", "at least one LRT is needed");
  if (!(o.aprReversion >= 0 && o.aprReversion <= 1)) bad("aprReversion", `must be in [0, 1], got ${o.aprReversion}`);
  for (const [field, range] of [
    ["regimeOffsetBps", o.regimeOffsetBps],
    ["slashBps", o.slashBps],
    ["depegBps", o.depegBps],
    ["depegDays", o.depegDays],
  ] as const) {
    if (!(range[0] <= range[1])) bad(field, `range [${range[0]}, ${range[1]}] is empty`);
  }
  if (o.depegDays[0] < 1) bad("depegDays", `a depeg lasts at least one day, got ${o.depegDays[0]}`);
  if (o.slashBps[1] >= 10_000 || o.depegBps[1] >= 10_000) bad("slashBps/depegBps", "must stay below 10,000 bps");
  for (const field of ["regimesPerYear", "slashesPerYear", "depegsPerYear", "aprNoiseBps"] as const) {
    if (!(o[field] >= 0)) bad(field, `must be >= 0, got ${o[field]}`);
  }
  o.avs.forEach((a, k) => {
    if (!(a.slashesPerYear >= 0)) bad(`avs[${k}].slashesPerYear`, `must be >= 0, got ${a.slashesPerYear}`);
    if (!(0 <= a.severity[0] && a.severity[0] <= a.severity[1] && a.severity[1] < 1)) {
      bad(`avs[${k}].severity`, `must be a range within [0, 1), got [${a.severity[0]}, ${a.severity[1]}]`);
    }
    a.exposure.forEach((x, i) => {
      if (!(x >= 0 && x <= 1)) bad(`avs[${k}].exposure[${i}]`, `must be in [0, 1], got ${x}`);
    });
  });
}

/** AVS slash events of the year: one stream per AVS, so switching AVS slashes off leaves every other path alone. */
function avsSlashes(seed: number, options: ScenarioOptions): ScenarioEvent[] {
  const out: ScenarioEvent[] = [];
  options.avs.forEach((a, k) => {
    const random = seededRandom((Math.imul(seed, 0x27d4eb2f) ^ Math.imul(k + 1, 0x165667b1) ^ 0x5a5a) >>> 0);
    for (let d = 0; d < options.days; d++) {
      if (random() >= a.slashesPerYear / 365) continue;
      const wad = between(random, a.severity);
      out.push({ day: d + 1, lrt: -1, kind: "avsSlash", avs: k, wad, hits: options.lrts.map((_, i) => avsExposure(a, i) * wad) });
    }
  });
  return out;
}

/** The scenario for `seed`: the same seed and options always give the same paths. */
export function generateScenario(seed: number, options: ScenarioOptions = DEFAULT_SCENARIO): Scenario {
  checkOptions(options);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const { days, lrts } = options;
  // One stream per LRT and kind of randomness, so switching one kind off (say, slashes) leaves every other
  // path of the same seed exactly as it was.
  const stream = (lrt: number, kind: number) => seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(lrt + 1, 0x85ebca6b) ^ kind) >>> 0);
  const perDay = (perYear: number) => perYear / 365;
  const avsEvents = avsSlashes(seed, options);
  const events: ScenarioEvent[] = [...avsEvents];
  const apr: number[][] = [];
  const fair: number[][] = [];
  const market: number[][] = [];

  lrts.forEach((spec, i) => {
    const [aprRandom, slashRandom, depegRandom, noiseRandom] = [1, 2, 3, 4].map((k) => stream(i, k)) as [
      () => number,
      () => number,
      () => number,
      () => number,
    ];
    const aprs: number[] = [];
    const fairs = [spec.initialRate];
    const markets: number[] = [];
    let wobbleBps = 0;
    let offsetBps = 0;
    // Depeg in force: depth at its start, its start day and length.
    let depeg: { bps: number; start: number; days: number } | null = null;
    const discount = (d: number): number => {
      let bps = 5 * noiseRandom();
      if (depeg !== null && d < depeg.start + depeg.days) {
        bps += (depeg.bps * (depeg.start + depeg.days - d)) / depeg.days;
      }
      return bps / 10_000;
    };
    markets.push(fairs[0]! * (1 - discount(0)));

    for (let d = 0; d < days; d++) {
      if (aprRandom() < perDay(options.regimesPerYear)) {
        offsetBps = between(aprRandom, options.regimeOffsetBps);
        events.push({ day: d, lrt: i, kind: "regime", offsetBps });
      }
      wobbleBps += -options.aprReversion * wobbleBps + options.aprNoiseBps * normal(aprRandom);
      const aprBps = Math.min(1_200, Math.max(30, spec.meanAprBps + offsetBps + wobbleBps));
      aprs.push(aprBps / 10_000);
      let rate = fairs[d]! * (1 + aprBps / 10_000 / 365);
      if (slashRandom() < perDay(options.slashesPerYear)) {
        const bps = between(slashRandom, options.slashBps);
        rate *= 1 - bps / 10_000;
        events.push({ day: d + 1, lrt: i, kind: "slash", bps });
      }
      for (const e of avsEvents) if (e.day === d + 1 && e.kind === "avsSlash") rate *= 1 - e.hits[i]!;
      fairs.push(rate);
      if ((depeg === null || d + 1 >= depeg.start + depeg.days) && depegRandom() < perDay(options.depegsPerYear)) {
        depeg = { bps: between(depegRandom, options.depegBps), start: d + 1, days: Math.round(between(depegRandom, options.depegDays)) };
        events.push({ day: d + 1, lrt: i, kind: "depeg", bps: depeg.bps, days: depeg.days });
      }
      markets.push(rate * (1 - discount(d + 1)));
    }
    apr.push(aprs);
    fair.push(fairs);
    market.push(markets);
  });
  events.sort((a, b) => a.day - b.day || a.lrt - b.lrt);
  return { seed, days, lrts, apr, fair, market, events };
}

/**
 * Market conditions of an incident beyond the rate paths: an LRT's exit pools thinned (lenders froze the market,
 * liquidity pulled), and its protocol's deposits and withdrawals paused (the protocol's own response).
 */
export interface Stress {
  lrt: number;
  /** Days from..to inclusive. */
  from: number;
  to: number;
  /** The exit pool's depth is multiplied by this (0..1]. */
  poolDepthFactor: number;
  depositsPaused: boolean;
  withdrawalsPaused: boolean;
}

/** A scenario with one real incident played into it (see `playIncident`). */
export interface IncidentScenario extends Scenario {
  incident: { name: string; lrt: number; day: number; until: number };
  stress: Stress[];
}

export type IncidentName = "ezETH depeg (24 Apr 2024)" | "rsETH bridge exploit (18 Apr 2026)";
export const INCIDENTS: readonly IncidentName[] = ["ezETH depeg (24 Apr 2024)", "rsETH bridge exploit (18 Apr 2026)"];

/** The day of the year each incident is played on (the same for every seed). */
export const INCIDENT_DAY = 180;

/**
 * Plays a real incident into a generated year, shaped like the event (the scenario's LRT of that name):
 *  - ezETH depeg, 24 April 2024: the market fell to about 0.22 ETH per ETH of fair value for about an hour on thin
 *    pools (lending markets liquidated 146 positions in 27 minutes) and the fair rate never moved. A keeper cycling
 *    every few minutes sees the low, so the day's read is the low (0.22 x fair), with exit pools at 5 % of their
 *    depth; the next day the market is 3 % below fair on pools at 25 %, and the discount closes over four more days.
 *  - rsETH bridge exploit, 18 April 2026: 116,500 rsETH (about 15 % of supply) released by a forged message in
 *    46 minutes; lenders froze the market, a 15 % haircut was the working assumption for days and Kelp paused
 *    deposits and withdrawals. Played as: the market 15 % below fair for 14 days on pools at 10 % of their depth,
 *    deposits and withdrawals paused for those days, then the haircut taken: the fair rate cut by 15 % for good and
 *    the market back at fair. What happened after the haircut assumption is not modelled beyond that.
 */
export function playIncident(s: Scenario, name: IncidentName, day = INCIDENT_DAY): IncidentScenario {
  const lrtName = name.startsWith("ezETH") ? "ezETH" : "rsETH";
  const lrt = s.lrts.findIndex((l) => l.name === lrtName);
  if (lrt < 0) throw new Error(`playIncident: the scenario has no ${lrtName} for "${name}"`);
  if (day < 1 || day + 20 > s.days) throw new Error(`playIncident: day ${day} leaves no room for "${name}" in ${s.days} days`);
  const fair = s.fair.map((path) => [...path]);
  const market = s.market.map((path) => [...path]);
  const events: ScenarioEvent[] = [...s.events];
  const stress: Stress[] = [];
  let until: number;
  if (lrtName === "ezETH") {
    const discount = [0.78, 0.03, 0.02, 0.015, 0.01, 0.005];
    discount.forEach((x, k) => {
      market[lrt]![day + k] = Math.min(market[lrt]![day + k]!, fair[lrt]![day + k]! * (1 - x));
    });
    stress.push({ lrt, from: day, to: day, poolDepthFactor: 0.05, depositsPaused: false, withdrawalsPaused: false });
    stress.push({ lrt, from: day + 1, to: day + 1, poolDepthFactor: 0.25, depositsPaused: false, withdrawalsPaused: false });
    events.push({ day, lrt, kind: "depeg", bps: 7_800, days: discount.length });
    until = day + discount.length;
  } else {
    const haircut = 0.15;
    const days = 14;
    for (let d = day; d < day + days; d++) market[lrt]![d] = Math.min(market[lrt]![d]!, fair[lrt]![d]! * (1 - haircut));
    for (let d = day + days; d <= s.days; d++) {
      fair[lrt]![d] = fair[lrt]![d]! * (1 - haircut);
      market[lrt]![d] = market[lrt]![d]! * (1 - haircut);
    }
    stress.push({ lrt, from: day, to: day + days - 1, poolDepthFactor: 0.1, depositsPaused: true, withdrawalsPaused: true });
    events.push({ day, lrt, kind: "depeg", bps: haircut * 10_000, days });
    events.push({ day: day + days, lrt, kind: "slash", bps: haircut * 10_000 });
    until = day + days;
  }
  events.sort((a, b) => a.day - b.day || a.lrt - b.lrt);
  return { ...s, fair, market, events, incident: { name, lrt, day, until }, stress };
}
