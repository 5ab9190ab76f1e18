/** argon2id password hashing (OWASP's minimum parameters: 19 MiB, 2 iterations). */
import { hash, verify } from '@node-rs/argon2';

// algorithm 2 is Argon2id (a const enum in the typings, so written as its value here).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the e-mail is unknown, so both failures take the same time.
const DUMMY = hash('mesa-dummy-password', OPTIONS);

export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  try {
    return await verify(storedHash ?? (await DUMMY), password);
  } catch {
    return false;
  }
}
