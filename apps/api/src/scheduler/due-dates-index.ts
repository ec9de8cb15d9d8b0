import type { ProfessionalEvent } from '@vakregister/certification';
import type { LocalDate } from '@vakregister/certification';

/**
 * Which professionals have a certificate or a suspension that ends on some date: the scheduler
 * only loads those whose date has come. Kept in memory from the log (rebuilt at start).
 */
export class DueDatesIndex {
  private readonly validUntil = new Map<string, LocalDate>();
  private readonly suspendedUntil = new Map<string, LocalDate>();
  /** Withdrawn or expired professionals whose data is not erased: the date of their last event. */
  private readonly dormant = new Map<string, LocalDate>();
  private readonly terminal = new Set<string>();

  apply(event: ProfessionalEvent, recordedOn: LocalDate): void {
    const id = event.data.professionalId;
    if (event.type === 'ProfessionalWithdrew' || event.type === 'CertificateExpired')
      this.terminal.add(id);
    if (event.type === 'CertificateGranted' || event.type === 'RevocationReversed')
      this.terminal.delete(id);
    if (event.type === 'PersonalDataErased') {
      this.terminal.delete(id);
      this.dormant.delete(id);
    } else if (this.terminal.has(id)) {
      this.dormant.set(id, recordedOn);
    } else {
      this.dormant.delete(id);
    }
    switch (event.type) {
      case 'CertificateGranted':
        this.validUntil.set(id, event.data.validUntil);
        break;
      case 'CertificateExpired':
      case 'CertificateRevoked':
      case 'ProfessionalWithdrew':
        this.validUntil.delete(id);
        this.suspendedUntil.delete(id);
        break;
      case 'CertificateSuspended':
        this.suspendedUntil.set(id, event.data.until);
        break;
      case 'SuspensionLifted':
      case 'SuspensionEnded':
        this.suspendedUntil.delete(id);
        break;
      default:
        break;
    }
  }

  /** Withdrawn or expired professionals whose last event is on or before `date`. */
  dormantSince(date: LocalDate): string[] {
    return [...this.dormant].filter(([, last]) => last <= date).map(([id]) => id);
  }

  /** Professionals whose certificate or suspension may have ended on or before `today`. */
  due(today: LocalDate): { expiries: string[]; suspensionEnds: string[] } {
    const upTo = (dates: Map<string, LocalDate>) =>
      [...dates].filter(([, date]) => date <= today).map(([id]) => id);
    return { expiries: upTo(this.validUntil), suspensionEnds: upTo(this.suspendedUntil) };
  }
}
