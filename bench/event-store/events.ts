import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@vakregister/event-store';
import type { Throughput } from '../support/timing';

const CERTIFICATES = [
  { code: 'WFT-BASIS', title: 'Wft Basis', issuer: 'CDFD', level: 'basis' },
  { code: 'WFT-HYP', title: 'Wft Hypothecair Krediet', issuer: 'CDFD', level: 'specialist' },
  { code: 'WFT-ZORG', title: 'Wft Zorgverzekeringen', issuer: 'CDFD', level: 'specialist' },
  { code: 'PE-2016', title: 'Permanente Educatie 2016', issuer: 'Adfiz', level: 'pe' },
] as const;

/** A klantmanager's stream, as the application would name it. */
export function benchStreamId(): string {
  return `klantmanager-${randomUUID()}`;
}

/**
 * A realistic event: about 500 bytes of JSON data and the metadata every Vakregister event carries
 * (the shape of `testEvent`). `sequence` lets a reader check that it saw every event.
 */
export function benchEvent(streamId: string, sequence: number): EventToAppend {
  const id = randomUUID();
  const certificate = CERTIFICATES[sequence % CERTIFICATES.length];
  return {
    id,
    type: 'CertificaatBehaald',
    data: {
      sequence,
      klantmanager: streamId,
      certificateId: randomUUID(),
      certificate: { ...certificate },
      examDate: '2016-05-13',
      validUntil: '2019-05-13',
      score: 55 + (sequence % 45),
      examCentre: 'Examencentrum Utrecht, Daalseplein 101',
      modules: ['Basis', 'Schadeverzekeringen particulier', 'Vermogen'],
      note: 'Behaald bij de eerste poging; het bewijsstuk is door de klantmanager geupload.',
    },
    metadata: {
      actor: { id: 'system', role: 'system' },
      correlationId: id,
      causationId: id,
      schemaVersion: 1,
      recordedAt: '2016-05-13T09:00:00.000Z',
    },
  };
}

/** Serialised as the store serialises: what a hand-written inserter would also have to do. */
export function serialize(event: EventToAppend): { data: string; metadata: string } {
  return { data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
}

export type ScanResult = Throughput & {
  /** Sum over the events read, so that raw and store reads can be checked to see the same rows. */
  checksum: number;
};
