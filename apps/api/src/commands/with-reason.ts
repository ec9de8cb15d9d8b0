import type { CommandEnvelope } from './command-envelope';

/** The envelope with the command's reason, which goes into every event's metadata. */
export function withReason(envelope: CommandEnvelope, reason: string | undefined): CommandEnvelope {
  return reason ? { ...envelope, reason } : envelope;
}
