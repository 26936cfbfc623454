import { can } from '../../domain/access/access.ts';
import type { Actor, Permission } from '../../domain/access/access.ts';

type NavItem = { text: string; href: string; permission: Permission };

const ITEMS: NavItem[] = [
  { text: 'My work', href: '/', permission: 'signed-in' },
  { text: 'Find a child', href: '/children/search', permission: 'cases:search' },
  { text: 'Raise a concern', href: '/concerns/new', permission: 'signed-in' },
  { text: 'Front door', href: '/front-door', permission: 'front-door:queue' },
  { text: 'CSE cases', href: '/risk/coordinator', permission: 'cse:coordinate' },
  { text: 'Procedure', href: '/procedure', permission: 'signed-in' },
  { text: 'Administration', href: '/admin', permission: 'admin:manage' },
  { text: 'Audit trail', href: '/admin/audit', permission: 'audit:view' },
  { text: 'Case audits', href: '/case-audits', permission: 'case-audits:manage' },
  { text: 'Retention review', href: '/retention', permission: 'information-governance:manage' },
  { text: 'Subject access', href: '/subject-access', permission: 'information-governance:manage' },
  { text: 'Board monitoring', href: '/board', permission: 'statistics:view' },
];

/** The service navigation shows only what the signed-in person's roles allow. */
export function navigationFor(actor: Actor, currentPath: string, available: (href: string) => boolean = () => true) {
  const visible = ITEMS.filter((item) => can(actor, item.permission) && available(item.href));
  const matches = (href: string) => (href === '/' ? currentPath === '/' : currentPath === href || currentPath.startsWith(`${href}/`));
  // Only the most specific match is current: /admin/audit is the audit trail, not also administration.
  const current = visible.filter((item) => matches(item.href)).sort((a, b) => b.href.length - a.href.length)[0];
  return visible.map((item) => ({ text: item.text, href: item.href, active: item === current, current: item === current && currentPath === item.href }));
}
