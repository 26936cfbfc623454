import { can } from '../../domain/access/access.ts';
import type { Actor, Permission } from '../../domain/access/access.ts';

type NavItem = { text: string; href: string; permission: Permission };

const ITEMS: NavItem[] = [
  { text: 'My work', href: '/', permission: 'signed-in' },
  { text: 'Find a child', href: '/children/search', permission: 'cases:search' },
  { text: 'Procedure', href: '/procedure', permission: 'signed-in' },
  { text: 'Administration', href: '/admin', permission: 'admin:manage' },
  { text: 'Audit trail', href: '/admin/audit', permission: 'audit:view' },
];

/** The service navigation shows only what the signed-in person's roles allow. */
export function navigationFor(actor: Actor, currentPath: string, available: (href: string) => boolean = () => true) {
  return ITEMS.filter((item) => can(actor, item.permission) && available(item.href)).map((item) => ({
    text: item.text,
    href: item.href,
    active: item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(`${item.href}/`),
  }));
}
