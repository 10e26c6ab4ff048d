/**
 * Fields joined by `sep`, keeping as many as fit in `width` characters: the
 * fields come most important first, and whole fields are dropped from the end
 * (never cut in the middle). The first field is always kept.
 */
export function fitFields(fields: string[], width: number, sep = ' | '): string {
  let line = fields[0] ?? '';
  for (const f of fields.slice(1)) {
    const next = `${line}${sep}${f}`;
    if (next.length > width) break;
    line = next;
  }
  return line;
}

/** `[#####.....]` filling `fraction` of a bar `width` characters wide (brackets included). */
export function bar(fraction: number, width: number): string {
  const inner = Math.max(0, width - 2);
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * inner);
  return `[${'#'.repeat(filled)}${'.'.repeat(inner - filled)}]`;
}

/** `fields` fitted to `width`, then a progress bar in the room left (if at least 10 columns; at most 30). */
export function fitWithBar(fields: string[], fraction: number, width: number, sep = ' | '): string {
  const line = fitFields(fields, width, sep);
  const room = Math.min(30, width - line.length - sep.length);
  return room >= 10 ? `${line}${sep}${bar(fraction, room)}` : line;
}
