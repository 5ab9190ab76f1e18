/**
 * Pure conversions of Mesa values to the way Decidim's CSV exporter writes them, for the rows
 * built in JS (results.csv); decidim.ts writes the same conversions in SQL for the other files.
 */

/** A time as Ruby writes a UTC time into Decidim's CSV: `2025-05-20 10:00:00 UTC`. */
export function decidimTime(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  return `${new Date(d).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Arrays are joined with ", " by Decidim's flattening. */
export const decidimList = (xs: (string | null | undefined)[]) => xs.filter((x): x is string => !!x).join(', ');

/** A translatable field: the text in its language's column, the others empty. */
export function translated(prefix: string, locales: readonly string[], lang: string, text: string | null | undefined): Record<string, string | null> {
  return Object.fromEntries(locales.map((l) => [`${prefix}/${l}`, l === lang ? (text ?? null) : null]));
}
