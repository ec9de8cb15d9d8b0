import type { EventStore, JsonObject, RecordedEvent } from '@vakregister/event-store';
import { FollowerDecoder } from './follower-decoder';
import { Ledger } from './ledger';
import type { PersonalDataCodec, SubjectId } from './personal-data-codec';

/** Upper-cases personal fields on the way out, and counts how often it was asked. */
class CountingCodec implements PersonalDataCodec {
  decoded = 0;
  encode(_subjectId: string, _fields: readonly string[], data: JsonObject): JsonObject {
    return data;
  }
  decode(_subjectId: SubjectId, fields: readonly string[], data: JsonObject): JsonObject {
    this.decoded++;
    const copy = { ...data };
    for (const field of fields) copy[field] = String(copy[field]).toUpperCase();
    return copy;
  }
}

function registered(name: string): RecordedEvent {
  return {
    streamId: 'professional-p1',
    revision: 0n,
    position: 7n,
    id: '3f0c6a53-5a8e-4c1b-9a53-8f8c2f7a0001',
    type: 'ProfessionalRegistered',
    data: { professionalId: 'p1', name, email: 'a@b.example' },
    metadata: { subjectId: 'p1', recordedAt: '2016-05-13T09:00:00.000Z' } as never,
    storedAt: new Date(0),
  };
}

describe('FollowerDecoder', () => {
  const codec = new CountingCodec();
  const ledger = new Ledger({} as EventStore, codec);

  beforeEach(() => {
    codec.decoded = 0;
  });

  it('decodes an event object once for every follower that asks', () => {
    const decoder = new FollowerDecoder(ledger);
    const event = registered('Anouk de Vries');
    const first = decoder.decode(event);
    const second = decoder.decode(event);
    expect(second).toBe(first);
    expect(codec.decoded).toBe(1);
    expect(first).toEqual(ledger.toDomain(event));
    expect((first.data as unknown as { name: string }).name).toBe('ANOUK DE VRIES');
  });

  it('decodes another object with the same content afresh', () => {
    const decoder = new FollowerDecoder(ledger);
    decoder.decode(registered('Bram Jansen'));
    decoder.decode(registered('Bram Jansen'));
    expect(codec.decoded).toBe(2);
  });
});
