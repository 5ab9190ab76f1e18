import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../router.ts';
import { EXPORT_CHOICES, exportFileName, exportUrl, formatBytes } from './plan-api.ts';
import { planPeriod } from './plan-model.ts';

describe('plan pages', () => {
  it('routes the public plan and its admin page', () => {
    expect(matchRoute('/processes/ba-2025/plan')).toEqual({ name: 'plan', slug: 'ba-2025' });
    expect(matchRoute('/processes/ba-2025/plan/admin/')).toEqual({ name: 'plan-admin', slug: 'ba-2025' });
    expect(matchRoute('/processes/%E0%A4%A/plan')).toEqual({ name: 'not-found' });
    expect(matchRoute('/processes/ba-2025/plan/other')).toEqual({ name: 'not-found' });
  });

  it('builds export links and the file names the server sends', () => {
    const urls = EXPORT_CHOICES.map((c) => exportUrl('ba 2025', c, 'es'));
    expect(urls).toEqual([
      '/api/processes/ba%202025/export?format=pdf&lang=es', '/api/processes/ba%202025/export?format=docx&lang=es',
      '/api/processes/ba%202025/export?format=json&lang=es', '/api/processes/ba%202025/export?format=csv&lang=es&table=commitments',
      '/api/processes/ba%202025/export?format=csv&lang=es&table=milestones',
    ]);
    expect(EXPORT_CHOICES.map((c) => exportFileName('ba', c, 'fr'))).toEqual(['ba-plan-fr.pdf', 'ba-plan-fr.docx', 'ba-plan.json', 'ba-plan-commitments.csv', 'ba-plan-milestones.csv']);
  });

  it('writes sizes and periods in the reader\'s language', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatBytes(1_234_567, 'es')).toBe('1,2 MB');
    const fmt = (iso: string, o?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', o).format(new Date(iso));
    expect(planPeriod({ periodStart: '2025-06-01', periodEnd: '2027-10-31' }, fmt)).toBe('1 June 2025 – 31 October 2027');
    expect(planPeriod({ periodStart: null, periodEnd: '2027-10-31' }, fmt)).toBe('… – 31 October 2027');
    expect(planPeriod({ periodStart: null, periodEnd: null }, fmt)).toBe('');
  });
});
