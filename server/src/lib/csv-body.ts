/**
 * text/csv request bodies, read as they stream in. acceptCsv registers the type only in the
 * encapsulated context of the routes that take CSV, so every other route answers 415 to a
 * text/csv body without reading it. The route gets the body unread (a CsvBody) and pulls its
 * records with csvRecords as fast as it can use them: no whole-body string, no array of raw
 * records, and backpressure to the client while the route writes to the database.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { parse, type Options } from 'csv-parse';
import { ProblemError } from '../plugins/problems.ts';

/** A text/csv body, not read yet. */
export class CsvBody {
  constructor(readonly stream: Readable, readonly limit: number) {}
}

const PARSE_OPTIONS: Options = { columns: true, skip_empty_lines: true, trim: true, bom: true };
const tooLarge = (limit: number) => new ProblemError(413, 'too-large', 'body-too-large', { mib: Math.round(limit / 2 ** 20 * 10) / 10 });

/** The record without its empty cells (an empty cell means "not given", as a missing JSON field). */
function nonEmpty(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record)) if (record[key] !== '') out[key] = record[key]!;
  return out;
}

/**
 * Registers text/csv in `app`'s context (call it inside the routes' own plugin): the body is a
 * CsvBody of at most `limit` bytes (the route's bodyLimit when unset). A declared length over it
 * is refused at once; an undeclared one when the limit is passed (csvRecords).
 */
export function acceptCsv(app: FastifyInstance, limit?: number): void {
  app.addContentTypeParser('text/csv', (request, payload, done) => {
    const max = limit ?? request.routeOptions.bodyLimit;
    if (Number(request.headers['content-length']) > max) done(tooLarge(max), undefined);
    else done(null, new CsvBody(payload, max));
  });
  // An answer given before the body was read to its end (a refused row count, a 413, a 404)
  // closes the connection rather than reading the rest of the upload to keep it alive.
  app.addHook('onSend', async (request, reply) => {
    if (request.body instanceof CsvBody && !request.body.stream.readableEnded) reply.header('connection', 'close');
  });
}

/**
 * The records of a CSV body as they arrive: the header row's names to each record's non-empty
 * cells, trimmed. Throws a 413 problem past the limit and a 400 problem (`CSV: …`) on a
 * malformed file.
 */
export async function* csvRecords(body: CsvBody): AsyncGenerator<Record<string, string>> {
  const parser = parse(PARSE_OPTIONS);
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received > body.limit) parser.destroy(tooLarge(body.limit));
  };
  const failed = (err: Error) => parser.destroy(err);
  // a connection closed before the body's end must not read as a complete, shorter file
  const closed = () => { if (!body.stream.readableEnded) parser.destroy(new Error('the upload stopped before its end')); };
  body.stream.on('data', count);
  body.stream.on('error', failed);
  body.stream.on('close', closed);
  body.stream.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) yield nonEmpty(record);
  } catch (err) {
    throw err instanceof ProblemError ? err : new ProblemError(400, 'bad-request', `CSV: ${(err as Error).message}`);
  } finally {
    body.stream.off('data', count);
    body.stream.off('error', failed);
    body.stream.off('close', closed);
    body.stream.unpipe(parser);
  }
}

/** At most `max` records of a CSV body, in an array (for small imports); null when there are more. */
export async function csvArray(body: CsvBody, max: number): Promise<Record<string, string>[] | null> {
  const records: Record<string, string>[] = [];
  for await (const r of csvRecords(body)) {
    if (records.length === max) return null;
    records.push(r);
  }
  return records;
}
