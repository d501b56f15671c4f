const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML/SVG content and quoted attribute values (names come from input files). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** Tagged template: interpolated values are escaped, unless they are `Html` already. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = string | number | Html | null | undefined | readonly Part[];

function show(p: Part): string {
  if (p === null || p === undefined) return '';
  if (p instanceof Html) return p.value;
  if (Array.isArray(p)) return (p as readonly Part[]).map(show).join('');
  return escapeHtml(String(p));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < parts.length; i++) out += show(parts[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Markup made elsewhere (a rendered SVG) that must not be escaped again. */
export function raw(markup: string): Html {
  return new Html(markup);
}
