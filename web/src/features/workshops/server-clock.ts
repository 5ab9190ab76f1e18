/**
 * The server's clock as seen from this device: deadlines (`closesAt`) are server time, and a
 * phone's clock may be minutes off. The offset is measured once (the Date header of a small
 * request, or better, the `openedAt` of a round announced live) and then kept.
 */
let offset: number | null = null;
let precise = false;
let measuring: Promise<void> | null = null;

/** Server time minus device time, in milliseconds (0 until measured). */
export function serverOffset(): number {
  return offset ?? 0;
}

/** Measure once from the Date header of /healthz (second resolution: good to about half a second). */
export function measureServerClock(): Promise<void> {
  measuring ??= (async () => {
    try {
      const t0 = Date.now();
      const res = await fetch('/healthz', { cache: 'no-store' });
      const t1 = Date.now();
      const date = Date.parse(res.headers.get('date') ?? '');
      if (!Number.isNaN(date) && !precise) offset = date + 500 - (t0 + t1) / 2;
    } catch {
      // keep the device clock
    }
  })();
  return measuring;
}

/** A round opened just now on the server at `openedAt`: a better measure than the Date header. */
export function noteServerNow(iso: string | null): void {
  const at = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) return;
  offset = at - Date.now();
  precise = true;
}

/** Milliseconds left until a server-time deadline, never negative. */
export function msLeft(closesAt: string | null, now = Date.now()): number | null {
  if (!closesAt) return null;
  const end = Date.parse(closesAt);
  return Number.isNaN(end) ? null : Math.max(0, end - (now + serverOffset()));
}
