/**
 * The OpenAPI document passes Redocly's recommended rules with no error: what clients generate
 * their code from stays valid and complete (operation ids, error responses, security).
 * OPENAPI_LINT_OUT=file writes every finding there (JSON), to see the warnings too.
 */
import { writeFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../server/src/test/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t?.close(); });

describe('the OpenAPI document', () => {
  it("has no error under Redocly's recommended rules", async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const config = await createConfig({ extends: ['recommended'] });
    const findings = await lintFromString({ source: res.body, absoluteRef: 'openapi.json', config });
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warn');
    const tally = (list: typeof findings) => {
      const byRule = new Map<string, number>();
      for (const f of list) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      return [...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ');
    };
    console.log(`openapi lint: ${errors.length} errors (${tally(errors)}), ${warnings.length} warnings (${tally(warnings)})`);
    if (process.env.OPENAPI_LINT_OUT) {
      writeFileSync(process.env.OPENAPI_LINT_OUT, JSON.stringify(findings.map((f) => ({ severity: f.severity, rule: f.ruleId, message: f.message, at: f.location[0]?.pointer })), null, 1));
    }
    expect(errors.map((e) => `${e.ruleId} at ${e.location[0]?.pointer}: ${e.message}`)).toEqual([]);
  }, 60_000);
});
