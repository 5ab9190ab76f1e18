/**
 * What one client may ask of the rooms: sockets per address and per session, rooms and joins in
 * flight per socket, and joins of the whole process taken a few at a time, fairly between
 * addresses. One anonymous client opening 100 sockets and joining 20 rooms on each used to hold
 * every database connection for seconds; now it waits its turn and is refused beyond its share.
 */

/** Rooms one socket may be in (a page uses a handful). */
export const MAX_ROOMS_PER_SOCKET = 50;
/** Joins one socket may have waiting at once (a page opening sends a handful at once). */
export const MAX_JOINS_IN_FLIGHT = 10;
/** Joins this process works on at once (authorise, snapshot): the rest of the database stays free for requests. */
export const JOINS_AT_ONCE = 4;

/** Open sockets per address and per session, in this server process. */
export class SocketCounts {
  readonly #byAddress = new Map<string, number>();
  readonly #bySession = new Map<string, number>();

  constructor(private readonly max: { perAddress: number; perSession: number }) {}

  /** Counts a new socket in, or says which cap it would pass (then nothing is counted). */
  admit(address: string, sessionId: string | null): 'ok' | 'address' | 'session' {
    if ((this.#byAddress.get(address) ?? 0) >= this.max.perAddress) return 'address';
    if (sessionId && (this.#bySession.get(sessionId) ?? 0) >= this.max.perSession) return 'session';
    bump(this.#byAddress, address, 1);
    if (sessionId) bump(this.#bySession, sessionId, 1);
    return 'ok';
  }

  release(address: string, sessionId: string | null) {
    bump(this.#byAddress, address, -1);
    if (sessionId) bump(this.#bySession, sessionId, -1);
  }
}

function bump(map: Map<string, number>, key: string, by: number) {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n); else map.delete(key);
}

/**
 * Runs at most `width` tasks at once; waiting tasks are taken one address at a time in turn, so
 * a client with a thousand joins waiting delays another address's join by one turn, not by a
 * thousand.
 */
export class FairGate {
  #running = 0;
  /** Waiting tasks per address, in the order addresses first waited (Map keeps insertion order). */
  readonly #waiting = new Map<string, (() => void)[]>();

  constructor(private readonly width: number) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return new Promise<void>((start) => {
      if (this.#running < this.width) {
        this.#running++;
        start();
        return;
      }
      const queue = this.#waiting.get(key);
      if (queue) queue.push(start); else this.#waiting.set(key, [start]);
    }).then(task).finally(() => this.#next());
  }

  /** Tasks waiting for a turn (for tests and figures). */
  get waiting(): number {
    let n = 0;
    for (const q of this.#waiting.values()) n += q.length;
    return n;
  }

  #next() {
    const first = this.#waiting.entries().next();
    if (first.done) {
      this.#running--;
      return;
    }
    const [key, queue] = first.value;
    const start = queue.shift()!;
    // The address goes to the back of the line: the next turn is someone else's.
    this.#waiting.delete(key);
    if (queue.length) this.#waiting.set(key, queue);
    // The slot passes straight on (#running stays the same), after a turn of the event loop: with
    // PGlite, queries run in this thread and settle as microtasks, so joins handed on at once would
    // starve every socket and request of I/O for as long as the queue lasts.
    setImmediate(start);
  }
}
