/**
 * Registration numbers come from one counter stream, appended with an expected revision: the
 * n-th assignment (revision n−1) is number n. EventStoreDB cannot append to two streams
 * atomically, so uniqueness rests on this one stream.
 */
export type RegistrationNumberAssigned = {
  type: 'RegistrationNumberAssigned';
  data: { registrationNumber: string; professionalId: string };
};

export function formatRegistrationNumber(sequence: number): string {
  return `VR${String(sequence).padStart(6, '0')}`;
}

/** The assignment that follows `assignedSoFar` earlier ones. */
export function decideRegistrationNumber(
  assignedSoFar: number,
  professionalId: string,
): RegistrationNumberAssigned {
  return {
    type: 'RegistrationNumberAssigned',
    data: { registrationNumber: formatRegistrationNumber(assignedSoFar + 1), professionalId },
  };
}
