import type { ProfessionalEvent } from '@vakregister/certification';
import type { LocalDate } from '@vakregister/certification';

/**
 * Which professionals have a certificate or a suspension that ends on some date: the scheduler
 * only loads those whose date has come. Kept in memory from the log (rebuilt at start).
 */
export class DueDatesIndex {
  private readonly validUntil = new Map<string, LocalDate>();
  private readonly suspendedUntil = new Map<string, LocalDate>();

  apply(event: ProfessionalEvent): void {
    const id = event.data.professionalId;
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

  /** Professionals whose certificate or suspension may have ended on or before `today`. */
  due(today: LocalDate): { expiries: string[]; suspensionEnds: string[] } {
    const upTo = (dates: Map<string, LocalDate>) =>
      [...dates].filter(([, date]) => date <= today).map(([id]) => id);
    return { expiries: upTo(this.validUntil), suspensionEnds: upTo(this.suspendedUntil) };
  }
}
