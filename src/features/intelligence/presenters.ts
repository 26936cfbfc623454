// The network picture: a server-rendered SVG of the child's links two steps out (the child in the middle, the
// entities round them, the other children and entities beyond), readable without JavaScript. The page shows a
// table that says the same thing; the SVG carries a title and description for screen readers.

export type NetworkNode = { id: string; label: string; ring: 0 | 1 | 2; kind: 'child' | 'other-child' | 'entity' };
export type NetworkEdge = { from: string; to: string };

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Positions: ring 0 in the centre, rings 1 and 2 spread evenly on circles. Deterministic for the same input. */
export function layout(nodes: readonly NetworkNode[], size = 640) {
  const c = size / 2;
  const radius = [0, size * 0.22, size * 0.42];
  const at = new Map<string, { x: number; y: number }>();
  for (const ring of [0, 1, 2] as const) {
    const inRing = nodes.filter((n) => n.ring === ring);
    inRing.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(inRing.length, 1) - Math.PI / 2 + (ring === 2 ? Math.PI / Math.max(inRing.length, 1) : 0);
      at.set(n.id, { x: Math.round(c + radius[ring]! * Math.cos(angle)), y: Math.round(c + radius[ring]! * Math.sin(angle)) });
    });
  }
  return at;
}

export function networkSvg(nodes: readonly NetworkNode[], edges: readonly NetworkEdge[], description: string, size = 640): string {
  const at = layout(nodes, size);
  const lines = edges
    .filter((e) => at.has(e.from) && at.has(e.to))
    .map((e) => {
      const a = at.get(e.from)!;
      const b = at.get(e.to)!;
      return `<line x1="${String(a.x)}" y1="${String(a.y)}" x2="${String(b.x)}" y2="${String(b.y)}" stroke="#505a5f" stroke-width="2"/>`;
    });
  const fill = { child: '#1d70b8', 'other-child': '#d4351c', entity: '#ffffff' } as const;
  const circles = nodes.map((n) => {
    const p = at.get(n.id)!;
    const r = n.ring === 0 ? 30 : 20;
    return `<g><circle cx="${String(p.x)}" cy="${String(p.y)}" r="${String(r)}" fill="${fill[n.kind]}" stroke="#0b0c0c" stroke-width="2"/><text x="${String(p.x)}" y="${String(p.y + r + 18)}" text-anchor="middle" font-family="Arial, sans-serif" font-size="14" fill="#0b0c0c">${escapeXml(n.label.length > 28 ? `${n.label.slice(0, 27)}…` : n.label)}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(size)} ${String(size)}" width="100%" role="img" aria-labelledby="network-title network-desc"><title id="network-title">Network picture</title><desc id="network-desc">${escapeXml(description)}</desc>${lines.join('')}${circles.join('')}</svg>`;
}
