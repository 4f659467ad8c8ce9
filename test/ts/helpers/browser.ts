/**
 * The one way browser tests start Chromium: the build `npm ci` installs (or CHROMIUM_PATH), with the libraries and
 * fonts it ships. A missing build throws with the command to run; no browser test is ever skipped.
 */
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS, chromiumBuild } from "../../../script/lib/test-tools.js";

export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const build = chromiumBuild(env);
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...env, ...build.env })) if (v !== undefined) childEnv[k] = v;
  return chromium.launch({ executablePath: build.executablePath, args: [...CHROMIUM_ARGS], env: childEnv });
}
