/** argon2id password hashing (OWASP's minimum parameters: 19 MiB, 2 iterations). */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// algorithm 2 is Argon2id (a const enum in the typings, so written as its value here).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * A hash of a random password with the same parameters, made once at start: a sign-in for an
 * unknown account (or one whose stored hash is not argon2id) verifies against it, so it costs
 * the same argon2id work as a wrong password for an existing account and its timing says nothing.
 */
const DUMMY_HASH = hash(randomBytes(24).toString('base64url'), OPTIONS);
export const dummyHash = () => DUMMY_HASH;

/** argon2id verifications done by this process (how tests see that every sign-in does one). */
export const passwordChecks = { count: 0 };

/** Whether `password` matches `storedHash`; exactly one argon2id verification whatever the hash. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  const usable = storedHash?.startsWith('$argon2id$') === true;
  const target = usable ? storedHash! : await DUMMY_HASH;
  passwordChecks.count += 1;
  try {
    return (await verify(target, password)) && usable;
  } catch {
    return false;
  }
}
