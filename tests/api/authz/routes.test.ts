/** Reading the routes out of Fastify's printed route tree. */
import { describe, expect, it } from 'vitest';
import { parseRouteTree } from './routes.ts';

const TREE = `└── / (GET, HEAD)
    ├── api/processes (GET, HEAD, POST)
    │   └── /:slug (GET, HEAD)
    │       ├── /consultation (POST)
    │       │   └── -report (GET, HEAD)
    │       └── /members (GET, HEAD, POST)
    │           └── /:userId (DELETE)
    ├── api/docs (GET, HEAD)
    │   └── / (GET, HEAD)
    │       └── * (HEAD, GET)
    ├── api/me
    │   └── /profile (GET, HEAD, PUT)
    └── ws (HEAD)
`;

describe('parseRouteTree', () => {
  it('joins each node to its parents, keeps every method but the HEAD of a GET', () => {
    expect(parseRouteTree(TREE).map((r) => r.key).sort()).toEqual([
      'DELETE /api/processes/:slug/members/:userId',
      'GET /',
      'GET /api/docs',
      'GET /api/docs/',
      'GET /api/docs/*',
      'GET /api/me/profile',
      'GET /api/processes',
      'GET /api/processes/:slug',
      'GET /api/processes/:slug/consultation-report',
      'GET /api/processes/:slug/members',
      'HEAD /ws',
      'POST /api/processes',
      'POST /api/processes/:slug/consultation',
      'POST /api/processes/:slug/members',
      'PUT /api/me/profile',
    ]);
  });
});
