/** Streams a zip of text entries to the response; each entry is pulled only when the zip reaches it. */
import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ZipEntry {
  name: string;
  /** Produces the entry's content; not called until the zip writes this entry. */
  content: () => AsyncIterable<string> | string;
}

/** A lazily started stream: the generator behind it runs only once the zip reads from it. */
function lazy(entry: ZipEntry): Readable {
  let source: AsyncIterator<string> | null = null;
  return new Readable({
    async read() {
      try {
        if (!source) {
          const c = entry.content();
          source = (typeof c === 'string' ? [c][Symbol.iterator]() : c[Symbol.asyncIterator]()) as AsyncIterator<string>;
        }
        const { value, done } = await source.next();
        this.push(done ? null : Buffer.from(value, 'utf8'));
      } catch (err) {
        this.destroy(err as Error);
      }
    },
    async destroy(err, cb) {
      try { await source?.return?.(); } catch { /* already failing */ }
      cb(err);
    },
  });
}

export function sendZip(request: FastifyRequest, reply: FastifyReply, filename: string, entries: ZipEntry[]) {
  // Level 1: several times faster than the default with a zip a little larger; text still shrinks ~5×.
  const zip = new ZipArchive({ zlib: { level: 1 } });
  const date = new Date();
  for (const e of entries) zip.append(lazy(e), { name: e.name, date });
  zip.on('warning', (err) => request.log.warn({ err }, 'zip warning'));
  zip.on('error', (err) => {
    // Headers are gone by now: the client sees a cut download, the log says why.
    request.log.error({ err }, 'export failed while streaming');
    reply.raw.destroy(err);
  });
  // A client that goes away stops the export (the current page finishes, no more are read).
  reply.raw.on('close', () => { if (!reply.raw.writableFinished) zip.abort(); });
  void zip.finalize().catch(() => { /* reported through 'error' */ });
  return reply
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .type('application/zip')
    .send(zip);
}
