// Quarters for the board's trends (issue 14: each figure by quarter over the last two years). Calendar quarters of
// London dates (January to March is Q1). Pure.
import { londonDateOf, startOfLondonDay } from '../clock/london-time.ts';

export type Quarter = { year: number; q: 1 | 2 | 3 | 4; label: string; start: Date; end: Date; startDate: string; endDate: string };

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterOf(year: number, q: 1 | 2 | 3 | 4): Quarter {
  const startMonth = (q - 1) * 3 + 1;
  const startDate = `${year}-${pad(startMonth)}-01`;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${pad(startMonth + 3)}-01`;
  return { year, q, label: `${year} Q${q}`, start: startOfLondonDay(startDate), end: startOfLondonDay(next), startDate, endDate: next };
}

export function quarterContaining(at: Date): Quarter {
  const d = londonDateOf(at);
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7));
  return quarterOf(year, (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4);
}

/** The last `count` quarters ending with the one containing `now`, oldest first. */
export function lastQuarters(now: Date, count = 8): Quarter[] {
  const current = quarterContaining(now);
  const out: Quarter[] = [];
  let { year, q } = current;
  for (let i = 0; i < count; i += 1) {
    out.unshift(quarterOf(year, q));
    if (q === 1) {
      year -= 1;
      q = 4;
    } else q = (q - 1) as 1 | 2 | 3;
  }
  return out;
}

/** Which of the quarters an instant falls in, or -1. */
export function quarterIndex(quarters: readonly Quarter[], at: Date): number {
  const t = at.getTime();
  return quarters.findIndex((qt) => t >= qt.start.getTime() && t < qt.end.getTime());
}
