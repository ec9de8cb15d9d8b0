import { canonicalJson, CanonicalizationError } from './canonical-json';
import { canonicalLeafText, leafEventOf, leafHash, leafHashOfRecorded } from './leaf';
import type { RecordedEvent } from '@vakregister/event-store';

describe('RFC 8785 canonical JSON', () => {
  it('serialises the example of §3.2.2 as the RFC shows', () => {
    // The input as JSON text, parsed as the store parses it (numbers become doubles).
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units as in §3.2.3', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return",' +
        '"\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        '"1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        '"\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('matches the test data published with the RFC (json-canonicalization/testdata)', () => {
    const vectors: Array<[string, string]> = [
      [
        // weird.json
        '{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f",' +
          '"\\ud83d\\ude02": "Smiley", "\\u00f6": "Latin Small Letter O With Diaeresis",' +
          '"\\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}',
        '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f",' +
          '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
          '"\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
      ],
      [
        // structures.json
        '{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { },' +
          '"111": [ { } ], "A": { }}',
        '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
      ],
      [
        // unicode.json: JCS does not normalise
        '{"Unnormalized Unicode":"\\u1e0d\\u0307"}',
        '{"Unnormalized Unicode":"\u1e0d\u0307"}',
      ],
    ];
    for (const [input, expected] of vectors) {
      expect(canonicalJson(JSON.parse(input))).toBe(expected);
    }
  });

  it('formats every number sample of Appendix B as the RFC lists it', () => {
    const samples: Array<[string, string]> = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [ieee, expected] of samples) {
      const value = Buffer.from(ieee, 'hex').readDoubleBE(0);
      expect([ieee, canonicalJson(value)]).toEqual([ieee, expected]);
    }
  });

  it('refuses NaN and Infinity (Appendix B) instead of writing them as null', () => {
    for (const ieee of ['7fffffffffffffff', '7ff0000000000000']) {
      const value = Buffer.from(ieee, 'hex').readDoubleBE(0);
      expect(() => canonicalJson({ value })).toThrow(CanonicalizationError);
    }
  });
});

describe('the canonical form of a leaf', () => {
  const recorded: RecordedEvent = {
    streamId: 'professional-7f1c',
    revision: 12345678901234567890n,
    position: 41n,
    id: '0b7c9e4e-5d7a-4c1e-9a51-2f0f1a3c5e77',
    type: 'CertificateGranted',
    data: { validUntil: '2029-05-13', points: 60.5, competencies: ['advies', 'ethiek'] },
    metadata: {
      schemaVersion: 1,
      recordedAt: '2026-05-13T09:00:00.000Z',
      actor: { role: 'assessor', id: 'a-1' },
      correlationId: 'c-1',
      causationId: 'k-1',
    },
    storedAt: new Date('2026-05-13T09:00:01.234Z'),
  };

  it('is the JCS of the six stored members, with the revision as a decimal string', () => {
    expect(canonicalLeafText(leafEventOf(recorded))).toBe(
      '{"data":{"competencies":["advies","ethiek"],"points":60.5,"validUntil":"2029-05-13"},' +
        '"eventId":"0b7c9e4e-5d7a-4c1e-9a51-2f0f1a3c5e77",' +
        '"metadata":{"actor":{"id":"a-1","role":"assessor"},"causationId":"k-1",' +
        '"correlationId":"c-1","recordedAt":"2026-05-13T09:00:00.000Z","schemaVersion":1},' +
        '"revision":"12345678901234567890","streamId":"professional-7f1c",' +
        '"type":"CertificateGranted"}',
    );
  });

  it('hashes SHA-256(0x00 ‖ canonical bytes), pinned so that no format change slips by', () => {
    // Computed independently: python3 hashlib.sha256(b'\x00' + text.encode()).hexdigest().
    expect(leafHashOfRecorded(recorded).toString('hex')).toBe(
      '6a2572c678430bc6e22c78ab92212acb39c85f11b86ac0715994c83d04ca3db3',
    );
  });

  it('leaves out the position and the store timestamp, which a migration changes', () => {
    const migrated = { ...recorded, position: 9_000_000_123n, storedAt: new Date(0) };
    expect(leafHashOfRecorded(migrated)).toEqual(leafHashOfRecorded(recorded));
  });

  it('changes with every member that was recorded, including recordedAt', () => {
    const base = leafHashOfRecorded(recorded);
    const variants: RecordedEvent[] = [
      { ...recorded, streamId: 'professional-7f1d' },
      { ...recorded, revision: recorded.revision + 1n },
      { ...recorded, id: recorded.id.replace('0b7c', '0b7d') },
      { ...recorded, type: 'CertificateRevoked' },
      { ...recorded, data: { ...recorded.data, points: 60.25 } },
      { ...recorded, metadata: { ...recorded.metadata, recordedAt: '2026-05-13T09:00:00.001Z' } },
    ];
    for (const variant of variants) expect(leafHashOfRecorded(variant)).not.toEqual(base);
  });

  it('ignores members a receipt may carry beyond the six', () => {
    const event = leafEventOf(recorded);
    expect(leafHash({ ...event, position: '41' } as typeof event)).toEqual(leafHash(event));
  });
});
