// GOV.UK pagination (the govukPagination macro's arguments) for any list shown a page at a time.

/** GOV.UK pagination for a list; `link` is a path (gets ?page=N) or a function that keeps the list's filters. */
export function pagination(link: string | ((page: number) => string), page: number, total: number, pageSize: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = typeof link === 'function' ? link : (p: number) => `${link}?page=${p}`;
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => i + 1)
      .filter((p) => p === 1 || p === pages || Math.abs(p - page) <= 2)
      .flatMap((p, i, list) => (i > 0 && p - list[i - 1]! > 1 ? [{ ellipsis: true }, { number: p, href: href(p), current: p === page }] : [{ number: p, href: href(p), current: p === page }])),
  };
}
