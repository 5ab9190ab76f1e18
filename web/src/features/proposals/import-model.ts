/** Pure helpers of the import page: the file's format and limit, how many rows it holds, upload figures. */
import { IMPORT_CSV_MAX_BYTES, IMPORT_JSON_MAX_BYTES } from '@mesa/shared/values';

export type ImportFormat = 'csv' | 'json';

/** A file is CSV by its name or type; anything else is read as JSON. */
export function importFormat(file: { name: string; type: string }): ImportFormat {
  return /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'csv' : 'json';
}

/** The server's limit for the format, in bytes. */
export const importLimit = (format: ImportFormat): number => (format === 'csv' ? IMPORT_CSV_MAX_BYTES : IMPORT_JSON_MAX_BYTES);

/** Megabytes as the page shows them (MiB, rounded to a tenth). */
export const megabytes = (bytes: number): number => Math.round(bytes / 2 ** 20 * 10) / 10;

/**
 * Data rows of a CSV text, as the server counts them: records (a line break inside quotes does
 * not end one) that are not empty, less the header.
 */
export function csvRowCount(text: string): number {
  let records = 0;
  let quoted = false;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted; // "
    else if (!quoted && (c === 10 || c === 13)) {
      if (content) records++;
      content = false;
      continue;
    }
    if (c !== 0xfeff) content = true;
  }
  if (content) records++;
  return Math.max(0, records - 1);
}

/** Items of a parsed JSON import (an array, or {items: [...]}); null for any other shape. */
export function jsonRowCount(value: unknown): number | null {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)) return (value as { items: unknown[] }).items.length;
  return null;
}

/** What the progress line says: megabytes sent and the total, and the percentage. */
export function uploadFigures(loaded: number, total: number): { sent: number; total: number; percent: number } {
  const whole = Math.max(total, loaded, 1);
  return { sent: megabytes(loaded), total: megabytes(whole), percent: Math.floor((loaded / whole) * 100) };
}
