// View models for the concern, referral and front-door pages.
import { DOMAINS, INDICATOR_SETS, indicatorsInSet, indicatorById } from '../../domain/risk/catalogue.ts';
import { indicatorSetsFor } from '../../domain/risk/profile-sets.ts';
import type { Profile } from '../../domain/profiles/schema.ts';
import type { REFERRAL_CHANNELS } from '../../domain/profiles/enums.ts';

export const CHANNEL_LABELS: Record<(typeof REFERRAL_CHANNELS)[number], string> = {
  phone: 'Telephone',
  'in-person': 'In person',
  letter: 'Letter or written form',
  fax: 'Fax',
  online: 'Online form',
};

export const KIND_LABELS = { 'professional-concern': 'Concern from a professional', 'public-concern': 'Concern from the public', referral: 'Referral' } as const;

export const DSL_OPTIONS = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
  { value: 'i-am-the-dsl', text: 'I am my agency’s designated safeguarding lead' },
  { value: 'not-applicable', text: 'My agency has no designated safeguarding lead' },
];

/** Checkbox groups of the profile's indicators, one per domain, with what was ticked kept ticked. */
export function indicatorGroups(profileId: string, selected: readonly string[] = []) {
  return indicatorSetsFor(profileId)
    .filter((set) => set !== 'checklist-13-15')
    .flatMap((set) => {
      const info = INDICATOR_SETS.find((s) => s.id === set)!;
      return DOMAINS[set].map((domain) => ({
        id: `${set}-${domain.id}`,
        legend: DOMAINS[set].length > 1 ? `${info.label}: ${domain.label}` : info.label,
        source: info.source,
        items: indicatorsInSet(set)
          .filter((i) => i.domain === domain.id)
          .map((i) => ({ value: i.id, text: i.level ? `${i.label} (level ${i.level})` : i.label, checked: selected.includes(i.id) })),
      }));
    })
    .filter((group) => group.items.length > 0);
}

export function indicatorLabels(ids: readonly string[]): string[] {
  return ids.map((id) => indicatorById(id)?.label ?? id);
}

export function wardOptions(profile: Profile, selected?: string) {
  if (profile.routing.kind !== 'by-ward') return null;
  return [{ value: '', text: 'Not known or not listed' }, ...Object.keys(profile.routing.wards).sort().map((ward) => ({ value: ward, text: ward, selected: ward === selected }))];
}

export function checklistItems(answers: Record<string, unknown> = {}) {
  return indicatorsInSet('checklist-13-15').map((item) => ({
    id: item.id,
    label: item.label,
    name: `checklist-${item.id}`,
    items: [
      { value: 'yes', text: 'Yes', checked: answers[`checklist-${item.id}`] === 'yes' },
      { value: 'no', text: 'No', checked: answers[`checklist-${item.id}`] === 'no' },
      { value: 'not-known', text: 'Not known', checked: answers[`checklist-${item.id}`] === 'not-known' },
    ],
  }));
}

/** The child as the contact names them, however little is known. */
export function contactChildName(c: { child_given_name: string | null; child_family_name: string | null; child_known_as: string | null }): string {
  const full = [c.child_given_name, c.child_family_name].filter(Boolean).join(' ');
  if (full) return c.child_known_as ? `${full} (known as ${c.child_known_as})` : full;
  return c.child_known_as ? `Known as ${c.child_known_as}` : 'Name not known';
}
