// How a child is named on every page and list: their name, else the name they are known by, else that it is not known.

export function childName(c: { given_name: string | null; family_name: string | null; known_as?: string | null }): string {
  const full = [c.given_name, c.family_name].filter(Boolean).join(' ');
  return full || (c.known_as ? `Known as ${c.known_as}` : 'Name not known');
}
