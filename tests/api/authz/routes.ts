/**
 * Every route the app registers, read from Fastify's own route tree (`printRoutes`), hidden
 * routes included (the OpenAPI document leaves those out). HEAD routes that mirror a GET are
 * left out: they run the GET's handler.
 */
import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute { method: string; path: string; key: string }

/**
 * Parses `printRoutes({ commonPrefix: false })`: one node per line, four columns of indent per
 * level, `segment (METHODS)`; a node's path is its parent's path followed by its segment.
 */
export function parseRouteTree(tree: string): RegisteredRoute[] {
  const stack: string[] = [];
  const found = new Map<string, Set<string>>();
  for (const line of tree.split('\n')) {
    const m = /^(.*?)(?:├── |└── )(.*)$/.exec(line);
    if (!m) continue;
    const depth = Math.round([...m[1]!].length / 4);
    const node = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(m[2]!)!;
    const path = (stack[depth - 1] ?? '') + node[1]!;
    stack.length = depth;
    stack[depth] = path;
    for (const method of node[2]?.split(', ') ?? []) {
      const methods = found.get(path) ?? new Set<string>();
      methods.add(method);
      found.set(path, methods);
    }
  }
  const routes: RegisteredRoute[] = [];
  for (const [path, methods] of found) {
    for (const method of methods) {
      if (method === 'HEAD' && methods.has('GET')) continue;
      routes.push({ method, path, key: `${method} ${path}` });
    }
  }
  return routes;
}

export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  return parseRouteTree(app.printRoutes({ commonPrefix: false }));
}
