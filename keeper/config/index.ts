export * from "./schema.js";
export * from "./load.js";
export * from "./key.js";
export * from "./gaps.js";
