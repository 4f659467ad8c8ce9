/**
 * The signing key: KEEPER_PRIVATE_KEY (0x + 64 hex), or a Web3 Secret Storage v3 keystore file
 * (scrypt or pbkdf2, aes-128-ctr: what geth, foundry's `cast wallet` and most wallets write) whose
 * password is in KEEPER_KEYSTORE_PASSWORD. The key never enters the config object or a log line.
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes, randomUUID, scryptSync } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bytesToHex, concat, hexToBytes, keccak256, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { z } from "zod";

const hexString = z.string().regex(/^(0x)?[0-9a-fA-F]*$/, { message: "not hex" });
const scryptParams = z.object({
  dklen: z.number().int(),
  n: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: hexString,
});
const pbkdf2Params = z.object({ dklen: z.number().int(), c: z.number().int(), prf: z.literal("hmac-sha256"), salt: hexString });
const keystoreSchema = z.object({
  version: z.literal(3),
  crypto: z.object({
    cipher: z.literal("aes-128-ctr"),
    cipherparams: z.object({ iv: hexString }),
    ciphertext: hexString,
    kdf: z.enum(["scrypt", "pbkdf2"]),
    kdfparams: z.union([scryptParams, pbkdf2Params]),
    mac: hexString,
  }),
});
type KdfParams = z.infer<typeof scryptParams> | z.infer<typeof pbkdf2Params>;

const strip = (h: string): Buffer => Buffer.from(h.replace(/^0x/, ""), "hex");

function deriveKey(params: KdfParams, password: string): Buffer {
  const salt = strip(params.salt);
  if ("n" in params) {
    return scryptSync(password, salt, params.dklen, {
      N: params.n,
      r: params.r,
      p: params.p,
      maxmem: 256 * params.n * params.r + 2 ** 20,
    });
  }
  return pbkdf2Sync(password, salt, params.c, params.dklen, "sha256");
}

function macOf(derived: Buffer, ciphertext: Buffer): string {
  return keccak256(concat([bytesToHex(derived.subarray(16, 32)), bytesToHex(ciphertext)])).slice(2);
}

/** Decrypts a v3 keystore (JSON text). Throws on a wrong password (MAC mismatch) or a bad file. */
export function decryptKeystore(json: string, password: string): Hex {
  let parsed: z.infer<typeof keystoreSchema>;
  try {
    parsed = keystoreSchema.parse(JSON.parse(json));
  } catch (err) {
    throw new Error(`keystore is not a v3 (aes-128-ctr, scrypt or pbkdf2) file: ${(err as Error).message.split("\n")[0]}`);
  }
  const c = parsed.crypto;
  const derived = deriveKey(c.kdfparams, password);
  const ciphertext = strip(c.ciphertext);
  if (macOf(derived, ciphertext) !== c.mac.replace(/^0x/, "").toLowerCase()) {
    throw new Error("keystore password is wrong (MAC mismatch)");
  }
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), strip(c.cipherparams.iv));
  return bytesToHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}

/** Encrypts `privateKey` as a v3 keystore (scrypt). `n` defaults to 2^18, as geth writes. */
export function encryptKeystore(privateKey: Hex, password: string, n = 2 ** 18): string {
  const params = { dklen: 32, n, r: 8, p: 1, salt: randomBytes(32).toString("hex") };
  const iv = randomBytes(16);
  const derived = deriveKey(params, password);
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(hexToBytes(privateKey)), cipher.final()]);
  return JSON.stringify({
    version: 3,
    id: randomUUID(),
    address: privateKeyToAccount(privateKey).address.slice(2).toLowerCase(),
    crypto: {
      cipher: "aes-128-ctr",
      cipherparams: { iv: iv.toString("hex") },
      ciphertext: ciphertext.toString("hex"),
      kdf: "scrypt",
      kdfparams: params,
      mac: macOf(derived, ciphertext),
    },
  });
}

/** The environment variables that may carry a secret; cleared from the process once the key is loaded. */
export const SECRET_ENV = ["KEEPER_PRIVATE_KEY", "KEEPER_KEYSTORE_PASSWORD"] as const;

/** systemd credential names (`LoadCredential=private-key:/etc/lrt-keeper/private-key`), read from $CREDENTIALS_DIRECTORY. */
export const CREDENTIALS = { privateKey: "private-key", keystorePassword: "keystore-password" } as const;

/**
 * A secret from, in order: the variable `name`; the file named by `${name}_FILE`; the systemd credential
 * `credential` in $CREDENTIALS_DIRECTORY. Undefined when none is set. A file's trailing newline is dropped.
 */
function secret(env: NodeJS.ProcessEnv, name: string, credential: string): { value: string; from: string } | undefined {
  const direct = env[name];
  if (direct !== undefined && direct.trim() !== "") return { value: direct, from: name };
  const read = (path: string, from: string) => {
    try {
      return { value: readFileSync(path, "utf8").replace(/\r?\n$/, ""), from };
    } catch (err) {
      throw new Error(`${from}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const file = env[`${name}_FILE`];
  if (file !== undefined && file !== "") return read(file, `${name}_FILE`);
  const dir = env.CREDENTIALS_DIRECTORY;
  if (dir !== undefined && dir !== "" && existsSync(join(dir, credential))) return read(join(dir, credential), `credential ${credential}`);
  return undefined;
}

/**
 * The keeper's account: a private key (KEEPER_PRIVATE_KEY, KEEPER_PRIVATE_KEY_FILE or the systemd credential
 * `private-key`), else the keystore at `keystorePath` with its password (KEEPER_KEYSTORE_PASSWORD, its _FILE, or
 * the credential `keystore-password`). Errors name the variable or file, never the value.
 */
export function loadAccount(env: NodeJS.ProcessEnv, keystorePath: string | undefined): PrivateKeyAccount {
  const found = secret(env, "KEEPER_PRIVATE_KEY", CREDENTIALS.privateKey);
  if (found !== undefined) {
    const raw = found.value.trim();
    const key = raw.startsWith("0x") ? raw : `0x${raw}`;
    if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
      throw new Error(`${found.from} must be 32 bytes of hex (0x + 64 hex digits)`);
    }
    return privateKeyToAccount(key as Hex);
  }
  if (keystorePath !== undefined) {
    const password = secret(env, "KEEPER_KEYSTORE_PASSWORD", CREDENTIALS.keystorePassword)?.value;
    if (password === undefined) throw new Error("KEEPER_KEYSTORE_PASSWORD is not set (needed for the keystore; or KEEPER_KEYSTORE_PASSWORD_FILE, or the credential keystore-password)");
    let json: string;
    try {
      json = readFileSync(keystorePath, "utf8");
    } catch (err) {
      throw new Error(`keystore ${keystorePath}: ${(err as Error).message}`);
    }
    return privateKeyToAccount(decryptKeystore(json, password));
  }
  throw new Error(
    "no signing key: set KEEPER_PRIVATE_KEY (or KEEPER_PRIVATE_KEY_FILE, or the systemd credential private-key), " +
      "or `keystore` (KEEPER_KEYSTORE) with KEEPER_KEYSTORE_PASSWORD, or a remote `signer`",
  );
}
