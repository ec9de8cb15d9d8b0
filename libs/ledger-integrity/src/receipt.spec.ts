import { signCheckpoint } from './checkpoint';
import { leafHash, type LeafEvent } from './leaf';
import { Frontier, type CompletedNode } from './merkle/frontier';
import { inclusionProof, type PerfectSubtrees } from './merkle/proofs';
import { verifyReceipt, type Receipt } from './receipt';
import { SigningKey } from './signing-key';

const key = SigningKey.generate();
const events: LeafEvent[] = Array.from({ length: 13 }, (_, i) => ({
  streamId: `professional-${i % 4}`,
  revision: String(Math.floor(i / 4)),
  eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: i % 2 ? 'ActivityRecorded' : 'CertificateGranted',
  data: { index: i, points: i * 1.5 },
  metadata: { recordedAt: '2026-05-13T09:00:00.000Z', actor: { id: 'a', role: 'assessor' } },
}));

/** A tree of the events, receipts for it, and a checkpoint of its size signed by `signer`. */
function receiptsFor(size: number, signer = key): Receipt[] {
  const frontier = Frontier.empty();
  const nodes = new Map<string, Buffer>();
  events.slice(0, size).forEach((event, index) => {
    const hash = leafHash(event);
    nodes.set(`0:${index}`, hash);
    const completed: CompletedNode[] = [];
    frontier.append(hash, completed);
    for (const node of completed) nodes.set(`${node.level}:${node.index}`, node.hash);
  });
  const source: PerfectSubtrees = { perfect: (level, index) => nodes.get(`${level}:${index}`)! };
  const checkpoint = signCheckpoint(
    { size, root: frontier.root(), time: new Date('2026-05-13T10:00:00.000Z') },
    signer,
  );
  return events.slice(0, size).map((event, leafIndex) => ({
    event,
    leafIndex,
    treeSize: size,
    inclusionProof: inclusionProof(source, leafIndex, size).map((hash) => hash.toString('base64')),
    checkpoint,
  }));
}

const reasonOf = (receipt: unknown) => {
  const result = verifyReceipt(receipt, key.publicKeyPem());
  return result.ok ? 'ok' : result.reason;
};

describe('verifyReceipt', () => {
  it('accepts the receipt of every event in every tree size, through a JSON round trip', () => {
    for (let size = 1; size <= events.length; size++) {
      for (const receipt of receiptsFor(size)) {
        expect(verifyReceipt(JSON.parse(JSON.stringify(receipt)), key.publicKeyPem())).toEqual({
          ok: true,
          treeSize: size,
          time: '2026-05-13T10:00:00.000Z',
        });
      }
    }
  });

  const receipt = receiptsFor(13)[6];

  it('refuses a changed event', () => {
    const changed = (event: Partial<LeafEvent>) => ({
      ...receipt,
      event: { ...receipt.event, ...event },
    });
    for (const forged of [
      changed({ data: { ...receipt.event.data, points: 9.5 } }),
      changed({ metadata: { ...receipt.event.metadata, recordedAt: '2026-05-13T09:00:00.001Z' } }),
      changed({ type: 'CertificateRevoked' }),
      changed({ revision: '2' }),
      changed({ streamId: 'professional-3' }),
    ]) {
      expect(reasonOf(forged)).toMatch(/is not leaf 6 of the signed tree of 13 leaves/);
    }
  });

  it('refuses another leaf index, a truncated or extended proof', () => {
    expect(reasonOf({ ...receipt, leafIndex: 7 })).toMatch(/is not leaf 7/);
    expect(reasonOf({ ...receipt, leafIndex: 13 })).toMatch(/leaf 13 is not in a tree of 13/);
    expect(reasonOf({ ...receipt, inclusionProof: receipt.inclusionProof.slice(0, -1) })).toMatch(
      /inclusion proof does not lead to the signed root/,
    );
    expect(
      reasonOf({
        ...receipt,
        inclusionProof: [...receipt.inclusionProof, receipt.inclusionProof[0]],
      }),
    ).toMatch(/inclusion proof does not lead to the signed root/);
  });

  it('refuses a tree size other than its checkpoint states', () => {
    expect(reasonOf({ ...receipt, treeSize: 14 })).toMatch(
      /claims a tree of 14 leaves, its checkpoint one of 13/,
    );
    // The proof of a smaller tree with that tree's signed head is fine; mixed with another is not.
    const smaller = receiptsFor(8)[6];
    expect(reasonOf(smaller)).toBe('ok');
    expect(reasonOf({ ...smaller, checkpoint: receipt.checkpoint, treeSize: 13 })).toMatch(
      /does not lead to the signed root/,
    );
  });

  it('refuses a checkpoint signed by another key', () => {
    const forged = receiptsFor(13, SigningKey.generate())[6];
    expect(reasonOf(forged)).toBe('the checkpoint is not signed by the public key');
  });

  it('refuses what is not a receipt', () => {
    expect(reasonOf(null)).toBe('the receipt is not a JSON object');
    expect(reasonOf({ ...receipt, event: { ...receipt.event, revision: 6 } })).toMatch(/revision/);
    expect(reasonOf({ ...receipt, inclusionProof: ['AAAA'] })).toMatch(/base64 32-byte hashes/);
    expect(reasonOf({ ...receipt, leafIndex: -1 })).toMatch(/leafIndex is not a whole number/);
    expect(verifyReceipt(receipt, 'not a key')).toMatchObject({ ok: false });
  });
});
