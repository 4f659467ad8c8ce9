/**
 * Wallets found the ecosystem's way: EIP-6963 (each injected wallet announces itself with an EIP-1193 provider; the
 * page asks with `eip6963:requestProvider`), so several wallets can coexist and none overwrites `window.ethereum`.
 */
import type { EIP1193Provider } from "viem";

export interface WalletInfo {
  uuid: string;
  name: string;
  icon: string;
  rdns: string;
}

export interface AnnouncedWallet {
  info: WalletInfo;
  provider: EIP1193Provider;
}

interface AnnounceEvent extends Event {
  detail: AnnouncedWallet;
}

/** Calls `onWallet` for every wallet that announces itself, now or later; returns a function that stops listening. */
export function discoverWallets(onWallet: (wallet: AnnouncedWallet) => void): () => void {
  const seen = new Set<string>();
  const listener = (event: Event) => {
    const detail = (event as AnnounceEvent).detail;
    if (detail?.info?.uuid === undefined || typeof detail.provider?.request !== "function") return;
    if (seen.has(detail.info.uuid)) return;
    seen.add(detail.info.uuid);
    onWallet(detail);
  };
  window.addEventListener("eip6963:announceProvider", listener);
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  return () => window.removeEventListener("eip6963:announceProvider", listener);
}
