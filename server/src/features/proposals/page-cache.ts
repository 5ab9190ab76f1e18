/**
 * List pages as anonymous readers get them, kept as the JSON text sent, per process and query.
 *
 * A page is dropped as soon as an event goes out in its process's room, from this server process
 * or any other (through the rooms' bus): a proposal submitted, edited, withdrawn, answered,
 * merged, imported, hidden or shown, the counts rolled up (supports and comments), the selection
 * or the phase changed. Every change a list page shows publishes one of those, so a cached page
 * is as fresh as a page read from the database; `MAX_AGE_MS` bounds what publishes nothing (an
 * author renaming themself). Signed-in readers are never served from here: their pages carry
 * their own flags (supported by me, editable by me, drafts for admins).
 */
export const MAX_AGE_MS = 2_000;
const MAX_PAGES = 256;

interface Page { at: number; json: string }

export class ListPageCache {
  #pages = new Map<string, Page>();
  /** Bumped for a process each time its pages are dropped: a page read before that is not kept. */
  #generations = new Map<string, number>();

  /** Drops the pages of the process whose room is `room` (`process:<slug>`), or all of them for `null`. */
  roomChanged(room: string | null) {
    if (room === null) {
      this.#pages.clear();
      for (const slug of this.#generations.keys()) this.#generations.set(slug, this.generation(slug) + 1);
      return;
    }
    if (!room.startsWith('process:')) return;
    const slug = room.slice('process:'.length);
    this.#generations.set(slug, this.generation(slug) + 1);
    const prefix = `${slug}\n`;
    for (const key of this.#pages.keys()) if (key.startsWith(prefix)) this.#pages.delete(key);
  }

  generation(slug: string): number {
    return this.#generations.get(slug) ?? 0;
  }

  get(slug: string, query: string, now = Date.now()): string | undefined {
    const key = `${slug}\n${query}`;
    const page = this.#pages.get(key);
    if (!page) return undefined;
    if (now - page.at < MAX_AGE_MS) return page.json;
    this.#pages.delete(key);
    return undefined;
  }

  /** Keeps a page read while the process was at `generation`, unless it changed since. */
  set(slug: string, query: string, generation: number, json: string, now = Date.now()) {
    if (generation !== this.generation(slug)) return;
    if (this.#pages.size >= MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value!);
    this.#pages.set(`${slug}\n${query}`, { at: now, json });
  }
}
