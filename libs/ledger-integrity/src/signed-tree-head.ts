import type { StoredHead } from './integrity-database';

/** A signed tree head as the API hands it out. */
export interface SignedTreeHead {
  size: number;
  /** Base64 SHA-256 root hash. */
  root: string;
  /** ISO 8601 UTC instant of signing. */
  time: string;
  /** The signed note (c2sp.org/tlog-checkpoint), the only part whose content is signed. */
  checkpoint: string;
}

export function toSignedTreeHead(head: StoredHead): SignedTreeHead {
  return {
    size: head.size,
    root: head.root.toString('base64'),
    time: head.time,
    checkpoint: head.checkpoint,
  };
}
