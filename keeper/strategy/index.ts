/** Pure decision logic: no I/O. The chain side and the CLI import from here. */
export * from "./types.js";
export * from "./lp.js";
export * from "./apy.js";
export * from "./guard.js";
export * from "./rules.js";
export * from "./optimizer.js";
export * from "./planner.js";
export * from "./exits.js";
export * from "./queue.js";
export * from "./junior.js";
