const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90d`, `12h`, `30m`, `10s` → milliseconds; undefined for anything else, zero included. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  const milliseconds = match ? Number(match[1]) * UNITS[match[2]] : 0;
  return milliseconds > 0 ? milliseconds : undefined;
}
