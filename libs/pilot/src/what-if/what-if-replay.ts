import {
  evolveProfessional,
  initialProfessionalState,
  isCertificationEventType,
  professionalStream,
  type ProfessionalEvent,
  type ProfessionalState,
  type Scheme,
} from '@vakregister/certification';
import { ExportFormatError, parseExportLine, type ExportedEvent } from '@vakregister/ledger';
import { reevaluateDecision } from './decision-reevaluation';
import { WhatIfTally, type WhatIfReport } from './what-if-report';

const PROFESSIONAL_STREAM_PREFIX = professionalStream('');

/**
 * Folds an exported ledger in log order, the way the deciders saw it: one state per professional.
 * Every certification decision is re-evaluated under the alternative on the state just before
 * it, then folded in as recorded, so that each decision is judged on the facts of its own moment
 * and none changes what follows.
 */
export class WhatIfReplay {
  private readonly professionals = new Map<string, ProfessionalState>();
  private readonly tally: WhatIfTally;
  private events = 0;

  constructor(private readonly alternative: Scheme) {
    this.tally = new WhatIfTally(alternative);
  }

  /** Applies one exported event; `line` names it in errors. */
  apply(event: ExportedEvent, line: number): void {
    this.events++;
    if (!event.streamId.startsWith(PROFESSIONAL_STREAM_PREFIX)) return;
    if (!isCertificationEventType(event.type)) {
      throw new ExportFormatError(line, `unknown event type ${event.type} on ${event.streamId}`);
    }
    // Only type and data matter; personal fields stay ciphertext, and no rule reads them.
    const domainEvent = { type: event.type, data: event.data } as unknown as ProfessionalEvent;
    const before = this.professionals.get(event.streamId) ?? initialProfessionalState;
    if (domainEvent.type === 'CertificateGranted' || domainEvent.type === 'CertificationRefused') {
      this.tally.add(
        before.details.municipality,
        domainEvent.data.schemeId,
        reevaluateDecision(domainEvent, before, this.alternative),
      );
    }
    this.professionals.set(event.streamId, evolveProfessional(before, domainEvent));
  }

  report(): WhatIfReport {
    return this.tally.report(this.events);
  }
}

/**
 * Replays NDJSON lines of `vakregister export` (blank lines skipped, still counted) under an
 * alternative scheme. A malformed line stops the replay with an ExportFormatError naming it.
 */
export async function replayWhatIf(
  lines: AsyncIterable<string> | Iterable<string>,
  alternative: Scheme,
  onLine: (text: string) => void = () => undefined,
): Promise<WhatIfReport> {
  const replay = new WhatIfReplay(alternative);
  let number = 0;
  for await (const text of lines) {
    number++;
    onLine(text);
    if (text.trim() !== '') replay.apply(parseExportLine(text, number), number);
  }
  return replay.report();
}
