/**
 * text/csv request bodies, parsed as they stream in. Registered only in the encapsulated
 * context of the routes that take CSV (acceptCsv), so every other route answers 415 to a
 * text/csv body without reading it. The records are handed one by one to a sink that checks
 * them and keeps only what it needs: no whole-body string, no array of raw records.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse, type Options } from 'csv-parse';
import { ProblemError } from '../plugins/problems.ts';

/** Where the records of one request go; the body the route sees is what `end` returns. */
export interface CsvSink<T> {
  /** One record: the header row's names to the record's non-empty cells (trimmed); `index` counts data rows from 0. */
  add(record: Record<string, string>, index: number): void;
  end(): T;
}

export interface AcceptCsvOptions<T> {
  /** A new sink for each request. */
  sink: (request: FastifyRequest) => CsvSink<T>;
  /** Bytes at most; the route's bodyLimit when unset. */
  limit?: number;
}

const PARSE_OPTIONS: Options = { columns: true, skip_empty_lines: true, trim: true, bom: true };

/** The record without its empty cells (an empty cell means "not given", as a missing JSON field). */
function nonEmpty(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record)) if (record[key] !== '') out[key] = record[key]!;
  return out;
}

const tooLarge = () => new ProblemError(413, 'too-large', 'too-large');

/** Registers the text/csv parser in `app`'s context (call it inside the routes' own plugin). */
export function acceptCsv<T>(app: FastifyInstance, options: AcceptCsvOptions<T>): void {
  app.addContentTypeParser('text/csv', (request, payload, done) => {
    const limit = options.limit ?? request.routeOptions.bodyLimit;
    if (Number(request.headers['content-length']) > limit) {
      done(tooLarge(), undefined);
      return;
    }
    const sink = options.sink(request);
    const parser = parse(PARSE_OPTIONS);
    let received = 0;
    let index = 0;
    let settled = false;
    const settle = (err: Error | null, body?: T) => {
      if (settled) return;
      settled = true;
      payload.off('data', count);
      payload.off('error', failed);
      payload.unpipe(parser);
      if (err) parser.destroy();
      done(err, body);
    };
    // a body larger than said, or than the limit without saying: stop reading it there
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) settle(tooLarge());
    };
    const failed = (err: Error) => settle(new ProblemError(400, 'bad-request', `CSV: ${err.message}`));
    payload.on('data', count);
    payload.on('error', failed);
    parser.on('readable', () => {
      try {
        for (let r: Record<string, string> | null; !settled && (r = parser.read() as Record<string, string> | null) !== null;) sink.add(nonEmpty(r), index++);
      } catch (err) {
        settle(err as Error);
      }
    });
    parser.on('error', failed);
    parser.on('end', () => {
      try {
        settle(null, sink.end());
      } catch (err) {
        settle(err as Error);
      }
    });
    payload.pipe(parser);
  });
}

/** A sink that keeps the records as they are (for small imports that check them later). */
export function recordsSink(): CsvSink<Record<string, string>[]> {
  const records: Record<string, string>[] = [];
  return { add: (r) => { records.push(r); }, end: () => records };
}
