/** Streams a zip of text entries to the response; each entry is pulled only when the zip reaches it. */
import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ZipEntry {
  name: string;
  /** Produces the entry's content; not called until the zip writes this entry. */
  content: () => AsyncIterable<string | Uint8Array> | string;
}

/** A lazily started stream: the generator behind it runs only once the zip reads from it. */
function lazy(entry: ZipEntry): Readable {
  let source: AsyncIterator<string | Uint8Array> | null = null;
  return new Readable({
    async read() {
      try {
        if (!source) {
          const c = entry.content();
          source = (typeof c === 'string' ? [c][Symbol.iterator]() : c[Symbol.asyncIterator]()) as AsyncIterator<string | Uint8Array>;
        }
        const { value, done } = await source.next();
        this.push(done ? null : typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
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
  const sources = entries.map(lazy);
  entries.forEach((e, i) => zip.append(sources[i]!, { name: e.name, date }));
  // The zip leaves its sources as they are when it stops: they are closed here (an entry
  // streaming from the database gives its connection back).
  const stop = () => { for (const s of sources) s.destroy(); };
  zip.on('warning', (err) => request.log.warn({ err }, 'zip warning'));
  zip.on('error', (err) => {
    // Headers are gone by now: the client sees a cut download, the log says why.
    request.log.error({ err }, 'export failed while streaming');
    stop();
    reply.raw.destroy(err);
  });
  // A client that goes away stops the export (the current page finishes, no more are read).
  reply.raw.on('close', () => { if (!reply.raw.writableFinished) { zip.abort(); stop(); } });
  void zip.finalize().catch(() => { /* reported through 'error' */ });
  return reply
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .type('application/zip')
    .send(zip);
}
