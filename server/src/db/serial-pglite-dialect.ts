/**
 * Kysely's PGlite dialect, with its single connection handed out one holder at a time.
 *
 * PGlite is one connection. Kysely's PGlite driver returns that connection to every caller at
 * once, so a query issued while another request's transaction is open would run inside that
 * transaction, and two transactions would interleave. A mutex around acquire/release gives
 * each transaction (and each lone query) the connection to itself, like a pool of size one.
 */
import { PGliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';

class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((r) => { release = r; });
    await previous;
    this.#release = release;
  }

  unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

class SerialDriver implements Driver {
  readonly #inner: Driver;
  readonly #mutex = new ConnectionMutex();

  constructor(inner: Driver) { this.#inner = inner; }

  init(): Promise<void> { return this.#inner.init(); }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.#inner.releaseConnection(connection);
    this.#mutex.unlock();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> { return this.#inner.commitTransaction(connection); }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> { return this.#inner.rollbackTransaction(connection); }
  savepoint: Driver['savepoint'] = (c, name, compile) => this.#inner.savepoint!(c, name, compile);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (c, name, compile) => this.#inner.rollbackToSavepoint!(c, name, compile);
  releaseSavepoint: Driver['releaseSavepoint'] = (c, name, compile) => this.#inner.releaseSavepoint!(c, name, compile);
  destroy(): Promise<void> { return this.#inner.destroy(); }
}

export class SerialPGliteDialect extends PGliteDialect {
  override createDriver(): Driver {
    return new SerialDriver(super.createDriver());
  }
}
