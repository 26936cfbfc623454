// Chronology entries as the pages show them: labels, bylines, links to their records.
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { formatDateTime } from '../../platform/web/nunjucks.ts';
import type { visibleChronology } from '../cases/queries.ts';

export const KIND_LABELS: Record<string, string> = {
  concern: 'Concern',
  referral: 'Referral',
  decision: 'Decision',
  note: 'Note',
  'case-note': 'Case note',
  'significant-event': 'Significant event',
  network: 'Professional network',
  'related-person': 'Related person',
  meeting: 'Meeting',
  plan: 'Plan',
  assessment: 'Assessment',
  risk: 'Risk',
  missing: 'Missing episode',
  'missing-reported': 'Reported missing',
  'missing-returned': 'Returned from missing',
  'return-interview': 'Return interview',
  'assessment-started': 'Assessment started',
  'assessment-submitted': 'Assessment submitted',
  'assessment-authorised': 'Assessment authorised',
  'significant-harm-found': 'Significant harm found',
  parents: 'Telling parents',
  consultation: 'Anonymous consultation',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ');
}

export type ChronologyRow = Awaited<ReturnType<typeof visibleChronology>>['entries'][number];
export type EntryLink = { href: string; text: string } | null;

export function entryViewModel(e: ChronologyRow, link: EntryLink) {
  return {
    ...e,
    kindLabel: kindLabel(e.kind),
    sharingLabel: SHARING_LEVEL_LABELS[e.sharing_level as SharingLevel],
    byline: [e.author_name ?? 'Harbour', e.agency_name].filter(Boolean).join(', '),
    link,
  };
}

export const CSV_HEADER = ['Date and time', 'Kind', 'Title', 'What happened', 'Source', 'Agency', 'Recorded by', 'Who can see it', 'Recorded at'] as const;

export function csvRow(e: ChronologyRow): string[] {
  return [
    formatDateTime(e.occurred_at),
    kindLabel(e.kind),
    e.title,
    e.summary,
    e.source ?? '',
    e.agency_name ?? '',
    e.author_name ?? 'Harbour',
    SHARING_LEVEL_LABELS[e.sharing_level as SharingLevel],
    formatDateTime(e.recorded_at),
  ];
}
