// Indicator catalogue data, encoded from the seed procedures (see /work/shared/seeds and PROCEDURES.md).
// Labels are short paraphrases, not quotations. Each entry is [slug, label]; ids are built in catalogue.ts.
// Pure data: no I/O.

export type RawEntry = readonly [slug: string, label: string];
export type MatrixLevelEntries = { readonly 1: readonly RawEntry[]; readonly 2: readonly RawEntry[]; readonly 3: readonly RawEntry[] };

// ---------------------------------------------------------------------------------------------------------------
// matrix: bedford-luton Appendix 1 ("Vulnerability for Sexual exploitation", Barnardo's 2006) = camden Part 2 §2
// ("Category of risk / indicators of risk" diagrams). Rows 1/2/3 of the table = categories 1/2/3 in camden.
// The same slug at two levels means the documents give the same descriptor at both levels.
// ---------------------------------------------------------------------------------------------------------------

export const MATRIX_DOMAIN_ORDER = [
  'education',
  'running-away',
  'sexualised-risk-taking',
  'rewards',
  'abusive-adults',
  'coercion-control',
  'sexual-health',
  'substance-use',
  'emotional-health',
] as const;

export type MatrixDomainId = (typeof MATRIX_DOMAIN_ORDER)[number];

export const MATRIX_DOMAIN_LABELS: Readonly<Record<MatrixDomainId, string>> = {
  education: 'Education',
  'running-away': 'Running away/going missing',
  'sexualised-risk-taking': 'Sexualised risk taking',
  rewards: 'Rewards',
  'abusive-adults': 'Contact with abusive adults/risky environments',
  'coercion-control': 'Coercion/control',
  'sexual-health': 'Sexual health',
  'substance-use': 'Substance use',
  'emotional-health': 'Emotional health',
};

const DESPAIR_INTERNAL: readonly RawEntry[] = [
  ['self-harm-cutting', 'Expression of despair (internal): cutting'],
  ['self-harm-overdosing', 'Expression of despair (internal): overdosing'],
  ['self-harm-eating-disorder', 'Expression of despair (internal): eating disorder'],
  ['self-harm-sexualised-risk-taking', 'Expression of despair (internal): sexualised risk taking'],
];

const DESPAIR_EXTERNAL: readonly RawEntry[] = [
  ['acting-out-bullying', 'Intensive acting out: bullying or threatening behaviour'],
  ['acting-out-violent-outbursts', 'Intensive acting out: violent outbursts'],
  ['acting-out-offending', 'Intensive acting out: offending behaviour'],
];

export const MATRIX_DATA: Readonly<Record<MatrixDomainId, MatrixLevelEntries>> = {
  education: {
    1: [['truanting', 'Truanting from school']],
    2: [
      ['non-attender-or-excluded', 'Not attending school, or excluded'],
      ['school-placement-breakdowns', 'Repeated breakdown of school placements because of behaviour'],
    ],
    3: [
      ['non-attender-or-excluded', 'Not attending school, or excluded'],
      ['school-placement-breakdowns', 'Repeated breakdown of school placements because of behaviour'],
    ],
  },
  'running-away': {
    1: [
      ['regularly-home-late', 'Regularly coming home late'],
      ['absent-without-permission', 'Absent without permission and returning late'],
    ],
    2: [
      ['overnight-unexplained', 'Often stays out overnight with no explanation'],
      ['missing-episodes', 'Episodes of running away or going missing'],
      ['persistently-missing-from-placement', 'Persistently running away or going missing from placement'],
      ['well-cared-for-no-base', 'Looks well cared for despite having no known base'],
      ['placement-breakdowns', 'Repeated breakdown of placements because of behaviour'],
    ],
    3: [
      ['persistently-missing-from-placement', 'Persistently running away or going missing from placement'],
      ['street-homelessness', 'Pattern of street homelessness'],
    ],
  },
  'sexualised-risk-taking': {
    1: [
      ['sexualised-dress', 'Overtly sexualised dress'],
      ['unknown-adults-cars', "Getting into unknown adults' cars"],
      ['meeting-adults-online', 'Meeting adults met through the internet'],
    ],
    2: [
      ['unknown-adults-cars', "Getting into unknown adults' cars"],
      ['meeting-adults-online', 'Meeting adults met through the internet'],
      ['clipping', 'Clipping (offers sex, then runs off once paid)'],
      ['older-boyfriend', 'Boyfriend 5 or more years older'],
    ],
    3: [
      ['older-boyfriend', 'Boyfriend 5 or more years older'],
      ['clipping', 'Clipping (offers sex, then runs off once paid)'],
    ],
  },
  rewards: {
    1: [['unaccounted-money-goods', 'Money or goods that cannot be accounted for']],
    2: [['unaccounted-money-goods', 'Money or goods that cannot be accounted for, especially jewellery and mobile phones']],
    3: [['unaccounted-money-goods', 'Money or goods that cannot be accounted for']],
  },
  'abusive-adults': {
    1: [['associating-unknown-adults', 'Associating with unknown adults and/or other sexually exploited children']],
    2: [
      ['associating-unknown-adults', 'Associating with unknown adults and/or other sexually exploited children'],
      ['heavy-phone-use-late', 'Heavy phone use, especially late at night'],
      ['access-unknown-premises', 'Has access to premises parents/carers do not know about'],
      ['reliable-reports', 'Reports from reliable sources suggest involvement in sexual exploitation'],
      ['seen-red-light-district', 'Seen in known red light districts'],
    ],
    3: [
      ['picked-up-red-light-district', 'Picked up in a red light district'],
      ['access-unknown-premises', 'Has access to premises parents/carers do not know about'],
    ],
  },
  'coercion-control': {
    1: [['reduced-contact-family-friends', 'Reduced contact with family and friends']],
    2: [
      ['limited-contact-family-friends', 'Limited contact with family and friends'],
      ['assault-disclosed-then-withdrawn', 'Disclosed physical or sexual assault, then withdrew the allegation'],
      ['physical-injuries', 'Physical injuries (external or internal)'],
    ],
    3: [
      ['assault-disclosed-then-withdrawn', 'Disclosed physical or sexual assault, then withdrew the allegation'],
      ['abduction-locked-in', "Abduction and forced imprisonment ('locked in')"],
      ['no-contact-family-friends', 'No contact with family and friends'],
      ['disappeared-from-services', 'Has disappeared from the system (no contact with support services)'],
      ['physical-injuries', 'Physical injuries (external or internal)'],
    ],
  },
  'sexual-health': {
    1: [['sti', 'Sexually transmitted infection']],
    2: [
      ['multiple-stis', 'Multiple sexually transmitted infections'],
      ['miscarriages', 'Miscarriage(s)'],
      ['terminations', 'Termination(s) of pregnancy'],
    ],
    3: [
      ['multiple-stis', 'Multiple sexually transmitted infections'],
      ['miscarriages', 'Miscarriage(s)'],
      ['terminations', 'Termination(s) of pregnancy'],
    ],
  },
  'substance-use': {
    1: [['experimenting', 'Experimenting with alcohol or drugs']],
    2: [
      ['regular-use', 'Regular use of substances'],
      ['possible-dependency', 'Concern about drug dependency'],
    ],
    3: [['chronic-dependency', 'Chronic drug dependency (especially crack or heroin)']],
  },
  'emotional-health': {
    1: [['poor-self-image', 'Poor self-image'], ...DESPAIR_INTERNAL],
    2: [['chronic-low-self-esteem', 'Chronic low self-esteem'], ...DESPAIR_INTERNAL, ...DESPAIR_EXTERNAL],
    3: [['chronic-low-self-esteem', 'Chronic low self-esteem'], ...DESPAIR_INTERNAL, ...DESPAIR_EXTERNAL],
  },
};

// ---------------------------------------------------------------------------------------------------------------
// cambridgeshire: cambridgeshire 3 "Indicators of Possible Sexual Exploitation", grouped by the document's headings.
// ---------------------------------------------------------------------------------------------------------------

export const CAMBRIDGESHIRE_DOMAIN_ORDER = [
  'health',
  'education',
  'emotional-behavioural',
  'identity',
  'relationships',
  'social-presentation',
  'family-environmental',
  'housing',
  'income',
] as const;

export type CambridgeshireDomainId = (typeof CAMBRIDGESHIRE_DOMAIN_ORDER)[number];

export const CAMBRIDGESHIRE_DOMAIN_LABELS: Readonly<Record<CambridgeshireDomainId, string>> = {
  health: 'Health',
  education: 'Education',
  'emotional-behavioural': 'Emotional and behavioural',
  identity: 'Identity',
  relationships: 'Relationships',
  'social-presentation': 'Social presentation',
  'family-environmental': 'Family and environmental',
  housing: 'Housing',
  income: 'Income',
};

export const CAMBRIDGESHIRE_DATA: Readonly<Record<CambridgeshireDomainId, readonly RawEntry[]>> = {
  health: [
    ['assault-injuries', 'Physical signs such as bruising suggesting physical or sexual assault'],
    ['chronic-fatigue', 'Chronic fatigue'],
    ['recurring-stis', 'Recurring or multiple sexually transmitted infections'],
    ['pregnancy-abortion', 'Pregnancy and/or seeking an abortion'],
    ['substance-misuse', 'Signs of drug, alcohol or other substance misuse'],
    ['sexually-risky-behaviour', 'Sexually risky behaviour'],
  ],
  education: [
    ['truancy', 'Truancy'],
    ['disengaged', 'Disengaged from education'],
    ['performance-change', 'Marked change in performance at school'],
  ],
  'emotional-behavioural': [
    ['volatile-behaviour', 'Volatile behaviour: extreme mood swings or abusive language'],
    ['petty-crime', 'Petty crime such as shoplifting or stealing'],
    ['secretive', 'Secretive behaviour'],
    ['unknown-drivers-vehicles', 'Getting into or out of vehicles driven by unknown adults'],
    ['seen-exploitation-places', 'Reported seen in places used for sexual exploitation (e.g. cottaging toilets, pubs, clubs)'],
  ],
  identity: [
    ['low-self-image-esteem', 'Low self-image or low self-esteem'],
    ['self-harm', 'Self-harm, e.g. cutting, overdosing, eating disorder'],
    ['promiscuity', 'Promiscuity'],
  ],
  relationships: [
    ['hostility', 'Hostile relationships with staff, family or significant others'],
    ['physical-aggression', 'Physical aggression'],
    ['placement-breakdown', 'Placement breakdown'],
    ['reliable-reports', 'Reliable sources (family, friends, professionals) report likely involvement in sexual exploitation'],
    ['detached-age-appropriate', 'Detached from age-appropriate activities'],
    ['associates-exploited-peers', 'Associates with young people known to be sexually exploited'],
    ['sexually-active', 'Known to be sexually active'],
    ['older-or-abusive-partner', 'Sexual relationship with a much older person, or a younger person suspected of being abusive'],
    ['unexplained-older-adults', 'Unexplained relationships with older adults'],
    ['online-relationships', 'Possibly inappropriate internet use, forming relationships (especially with adults) online'],
    ['contact-unknown-adults', 'Calls, texts or letters from unknown adults'],
    ['loitering-outside-home', 'Adults or older youths (with or without cars) hanging around outside the home'],
    ['missing-overnight-late', 'Persistently missing, out overnight or back late with no plausible explanation'],
    ['well-cared-for-after-missing', 'Returns from missing looking well cared for despite no known home base'],
    ['missing-long-periods', 'Missing for long periods with no known home base'],
    ['found-unlinked-areas', 'Goes missing and is found in areas with no known links'],
  ],
  'social-presentation': [
    ['appearance-change', 'Change in appearance'],
    ['unusual-clothing', 'Going out in clothing unusual for them (inappropriate for age, borrowed from older young people)'],
  ],
  'family-environmental': [
    ['abuse-history', 'History of physical, sexual and/or emotional abuse'],
    ['neglect', 'History of neglect'],
    ['domestic-violence', 'Domestic violence'],
    ['parental-difficulties', 'Parental difficulties'],
  ],
  housing: [
    ['street-homelessness', 'Previous pattern of street homelessness'],
    ['keys-unknown-premises', 'Has keys to premises other than those known about'],
  ],
  income: [
    ['unexplained-money', 'Large amounts of money with no plausible explanation'],
    ['unexplained-possessions', 'Expensive clothes, phones or other possessions with no plausible explanation'],
    ['unfunded-social-activities', 'Social activities with no plausible explanation of how they are paid for'],
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// vulnerability: bedford-luton 6 and camden Part 2 §1, merged where the two lists name the same factor.
// Each entry carries its own source.
// ---------------------------------------------------------------------------------------------------------------

export type SourcedEntry = readonly [slug: string, label: string, source: string, trafficking?: boolean];

const BL6 = 'bedford-luton 6';
const BOTH = 'bedford-luton 6; camden Part 2 §1';

export const VULNERABILITY_DATA: readonly SourcedEntry[] = [
  ['sexual-abuse-victim', 'Has been sexually abused', BOTH],
  ['excluded-from-school', 'Excluded from school', BOTH],
  ['homeless', 'Homeless', BL6],
  ['substance-misuse', 'Misusing alcohol or drugs (including to cope with severe trauma)', BOTH],
  ['domestic-violence', 'Domestic violence in the family', BOTH],
  ['family-breakdown', 'Family breakdown', BOTH],
  ['physical-abuse-emotional-deprivation', 'Physical abuse and emotional deprivation', BOTH],
  ['bullied', 'Bullied, in or out of school', BOTH],
  ['family-involved-in-exploitation', 'Family involved in sexual exploitation', BOTH],
  ['parental-vulnerabilities', 'Parents with high vulnerabilities (drugs/alcohol, mental health, learning disability)', BOTH],
  ['mental-health', 'Mental health difficulties', BOTH],
  ['learning-difficulties', 'Learning difficulties', BL6],
  ['looked-after-residential', 'Looked after in residential care', BOTH],
  ['looked-after-foster', 'Looked after in foster care', BL6],
  ['missing-frequently', 'Goes missing regularly or frequently', BOTH],
  ['parents-sexually-abused', 'Parents were themselves sexually abused', BL6],
  ['self-harming', 'May be self-harming', BL6],
  ['low-self-esteem', 'Low self-esteem', BL6],
  ['migrant', 'Migrant child', BL6],
  ['unaccompanied', 'Unaccompanied minor', BL6],
  ['trafficked', 'Trafficked child', BL6, true],
];

// ---------------------------------------------------------------------------------------------------------------
// trafficking: camden Part 2 §3, the eleven specific indicators that a child may have been trafficked.
// ---------------------------------------------------------------------------------------------------------------

export const TRAFFICKING_DATA: readonly RawEntry[] = [
  ['unexpected-maturity', 'Self-assurance, maturity and confidence unusual for their age'],
  ['prepared-story', 'Gives a prepared story like those of other trafficked children'],
  ['unexplained-moves', 'History with missing links and unexplained moves'],
  ['daily-earning-quota', 'Must earn a minimum amount of money each day'],
  ['restricted-movement', 'Limited freedom of movement'],
  ['malnourished', 'Malnourished'],
  ['poor-non-parent-care', 'Cared for by adults who are not their parents, and the relationship is poor'],
  ['unrelated-children-one-address', 'One of several unrelated children found at one address'],
  ['not-registered-services', 'Not registered with universal services (school, GP)'],
  ['large-debt', 'Has to pay off a large debt'],
  ['avoids-authorities', 'Avoids all contact with authorities; very afraid of deportation'],
];

// ---------------------------------------------------------------------------------------------------------------
// checklist-13-15: bedford-luton 3.13, considerations when a child aged 13-15 is sexually active (see 3.12).
// Labels are phrased as the question the practitioner answers.
// ---------------------------------------------------------------------------------------------------------------

export const CHECKLIST_13_15_DATA: readonly RawEntry[] = [
  ['age', "Child's age: how young? (sexual activity at a young age strongly indicates risk to the child and possibly others)"],
  ['maturity-understanding', "Child's maturity and understanding"],
  ['living-circumstances', "What is known of the child's living circumstances or background"],
  ['age-imbalance', 'Is there an age imbalance, especially a significant age difference?'],
  ['aggression-power-imbalance', 'Is there overt aggression or a power imbalance?'],
  ['coercion-bribery', 'Is there coercion or bribery?'],
  ['familial-offences', 'Are there familial child sex offences?'],
  ['child-behaviour', "Child's behaviour, e.g. withdrawn or anxious"],
  ['substances-disinhibitor', 'Are substances being misused as a disinhibitor?'],
  ['substances-informed-choice', "Does the child's substance misuse leave them unable to make an informed choice?"],
  ['partner-secrecy', 'Has the partner tried to secure secrecy beyond what is usual for a teenage relationship?'],
  ['denies-minimises', 'Does the child deny, minimise or accept the concerns?'],
  ['grooming-methods', 'Are the methods used consistent with grooming?'],
  ['partner-known-to-agencies', 'Is the sexual partner (or partners) known to any agency?'],
];

// ---------------------------------------------------------------------------------------------------------------
// exploitation-models: cambridgeshire 3 (after Barnardo's "Puppet on a String", 2011).
// ---------------------------------------------------------------------------------------------------------------

export const EXPLOITATION_MODELS_DATA: readonly SourcedEntry[] = [
  [
    'inappropriate-relationship',
    'Inappropriate relationship: usually one perpetrator with inappropriate power or control (e.g. a big age gap); the child may believe it is a loving relationship',
    'cambridgeshire 3',
  ],
  [
    'boyfriend-peer',
    "'Boyfriend' model and peer exploitation: groomed into a 'relationship' then coerced into sex with others; or coerced by peers, sometimes gang-linked",
    'cambridgeshire 3',
  ],
  [
    'organised-networked',
    'Organised/networked exploitation or trafficking: young people passed through networks, possibly between towns, coerced into sex with multiple men',
    'cambridgeshire 3',
    true,
  ],
];
