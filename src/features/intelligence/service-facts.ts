// An entity's stored row as the domain's facts (src/domain/intelligence), for labels, matching and merge guards.
import type { EntityFacts, EntityKind } from '../../domain/intelligence/index.ts';

/** What an entity's stored row says, as the domain's facts. */
export function factsOf(row: { kind: EntityKind; details: Record<string, unknown>; date_of_birth: string | null; sex: string | null }): EntityFacts {
  const d = row.details as Record<string, string | number | string[] | undefined>;
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  switch (row.kind) {
    case 'person':
      return { kind: 'person', name: s('name') ?? '', aliases: Array.isArray(d.aliases) ? d.aliases : [], approximateAge: typeof d.approximateAge === 'number' ? d.approximateAge : null, dateOfBirth: row.date_of_birth, sex: row.sex };
    case 'vehicle':
      return { kind: 'vehicle', make: s('make'), model: s('model'), colour: s('colour'), registration: s('registration') };
    case 'place':
      return { kind: 'place', address: s('address'), description: s('description') };
    case 'phone':
      return { kind: 'phone', number: s('number'), handle: s('handle'), platform: s('platform') };
  }
}

