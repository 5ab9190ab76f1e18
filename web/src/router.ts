/** The pages of the app and how paths map onto them. */
export type Route =
  | { name: 'processes' }
  | { name: 'process'; slug: string }
  | { name: 'proposals'; slug: string }
  | { name: 'new-proposal'; slug: string }
  | { name: 'moderation'; slug: string }
  | { name: 'import'; slug: string }
  | { name: 'proposal'; id: string }
  | { name: 'edit-proposal'; id: string }
  | { name: 'signup' }
  | { name: 'signin'; next: string }
  | { name: 'account' }
  | { name: 'new-process' }
  | { name: 'round'; id: string }
  | { name: 'round-results'; id: string }
  | { name: 'workshop'; id: string }
  | { name: 'workshop-console'; id: string }
  | { name: 'workshop-projector'; id: string }
  | { name: 'join'; code: string }
  | { name: 'commitment'; id: string }
  | { name: 'commitment-editor'; id: string }
  | { name: 'commitment-replies'; id: string }
  | { name: 'process-replies'; slug: string }
  | { name: 'evidence'; slug: string }
  | { name: 'tracking'; slug: string }
  | { name: 'plan'; slug: string }
  | { name: 'plan-admin'; slug: string }
  | { name: 'not-found' };

/** Only same-site paths are accepted as a place to return to after signing in. */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Match a location onto a route. */
export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'processes' };
  if (path === '/signup') return { name: 'signup' };
  if (path === '/signin') return { name: 'signin', next: safeNext(new URLSearchParams(search).get('next')) };
  if (path === '/account') return { name: 'account' };
  if (path === '/admin/processes/new') return { name: 'new-process' };
  const report = /^\/processes\/([^/]+)\/(evidence|tracking)$/.exec(path);
  if (report?.[1]) {
    const slug = decode(report[1]);
    return slug === null ? { name: 'not-found' } : { name: report[2] as 'evidence' | 'tracking', slug };
  }
  const replies = /^\/processes\/([^/]+)\/replies$/.exec(path);
  if (replies?.[1]) {
    const slug = decode(replies[1]);
    return slug === null ? { name: 'not-found' } : { name: 'process-replies', slug };
  }
  const process = /^\/processes\/([^/]+)(\/proposals|\/proposals\/new|\/moderation|\/import)?$/.exec(path);
  if (process?.[1]) {
    const slug = decode(process[1]);
    if (slug === null) return { name: 'not-found' };
    switch (process[2]) {
      case '/proposals':
        return { name: 'proposals', slug };
      case '/proposals/new':
        return { name: 'new-proposal', slug };
      case '/moderation':
        return { name: 'moderation', slug };
      case '/import':
        return { name: 'import', slug };
      default:
        return { name: 'process', slug };
    }
  }
  const plan = /^\/processes\/([^/]+)\/plan(\/admin)?$/.exec(path);
  if (plan?.[1]) {
    const slug = decode(plan[1]);
    return slug === null ? { name: 'not-found' } : { name: plan[2] ? 'plan-admin' : 'plan', slug };
  }
  const proposal = /^\/proposals\/([^/]+)(\/edit)?$/.exec(path);
  if (proposal?.[1]) {
    const id = decode(proposal[1]);
    if (id === null) return { name: 'not-found' };
    return proposal[2] ? { name: 'edit-proposal', id } : { name: 'proposal', id };
  }
  const round = /^\/rounds\/([^/]+)(\/results)?$/.exec(path);
  if (round?.[1]) {
    const id = decode(round[1]);
    if (id === null) return { name: 'not-found' };
    return round[2] ? { name: 'round-results', id } : { name: 'round', id };
  }
  const workshop = /^\/workshops\/([^/]+)(\/console|\/projector)?$/.exec(path);
  if (workshop?.[1]) {
    const id = decode(workshop[1]);
    if (id === null) return { name: 'not-found' };
    if (workshop[2] === '/console') return { name: 'workshop-console', id };
    if (workshop[2] === '/projector') return { name: 'workshop-projector', id };
    return { name: 'workshop', id };
  }
  const commitment = /^\/commitments\/([^/]+)(\/edit|\/replies)?$/.exec(path);
  if (commitment?.[1]) {
    const id = decode(commitment[1]);
    if (id === null) return { name: 'not-found' };
    if (commitment[2] === '/edit') return { name: 'commitment-editor', id };
    if (commitment[2] === '/replies') return { name: 'commitment-replies', id };
    return { name: 'commitment', id };
  }
  const join = /^\/join(?:\/([^/]+))?$/.exec(path);
  if (join) {
    const code = join[1] ? decode(join[1]) : '';
    return code === null ? { name: 'not-found' } : { name: 'join', code };
  }
  return { name: 'not-found' };
}

/**
 * The in-app path a click on `anchor` leads to, or null when the browser should handle it
 * (other origin, new tab, download, modifier keys, or a jump within the same page).
 */
export function internalPath(event: MouseEvent, anchor: HTMLAnchorElement): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  if ((anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return null;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin) return null;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/ws')) return null;
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return null;
  return url.pathname + url.search + url.hash;
}
