import { describe, expect, it } from 'vitest';
import { commitmentCsvRow, COMMITMENT_COLUMNS, exportFileName, longDate, mayExport, milestoneCsvRows, period } from './rules.ts';

const commitment = {
  reference: 'ARBA0007', title: 'Participación ciudadana', state: 'final', area: 'public-participation' as const, leadInstitution: 'DGAIGA',
  supportingStakeholders: { government: ['Legislatura', 'Jefatura'], civilSociety: ['ACIJ'] }, startsOn: '2025-06-01', endsOn: null, contact: 'x@example.org',
  fields: { problem: 'P', causes: '', statusQuo: '', description: 'D', expectedResults: '', howItSolves: '', relevanceTransparency: '', relevanceParticipation: '', relevanceAccountability: '', relevanceTechnology: '' },
  milestones: [
    { title: 'Diagnóstico', deliverable: 'Informe', startsOn: '2025-06-01', endsOn: '2025-12-31', responsible: 'GA', status: 'in-progress' as const, progress: 40 },
    { title: 'Mesas', deliverable: '', startsOn: null, endsOn: null, responsible: '', status: 'not-started' as const, progress: 0 },
  ],
};

describe('plan rules', () => {
  it('an unadopted plan is exported by admins only; an adopted one by anyone', () => {
    expect(mayExport({ adoptedAt: null }, null)).toBe(false);
    expect(mayExport({ adoptedAt: null }, { isAdmin: false })).toBe(false);
    expect(mayExport({ adoptedAt: null }, { isAdmin: true })).toBe(true);
    expect(mayExport({ adoptedAt: '2025-05-20T12:00:00.000Z' }, null)).toBe(true);
  });

  it('CSV rows carry every column, lists joined, missing dates empty', () => {
    const row = commitmentCsvRow(commitment);
    expect(Object.keys(row)).toEqual([...COMMITMENT_COLUMNS]);
    expect(row).toMatchObject({ supportingGovernment: 'Legislatura; Jefatura', endsOn: '', problem: 'P', milestones: 2 });
    expect(milestoneCsvRows(commitment).map((m) => [m.position, m.title, m.startsOn, m.progress])).toEqual([[1, 'Diagnóstico', '2025-06-01', 40], [2, 'Mesas', '', 0]]);
  });

  it('dates and file names in the reader\'s language', () => {
    expect(longDate('2025-05-20', 'es')).toBe('20 de mayo de 2025');
    expect(longDate('2025-05-20T23:30:00.000Z', 'fr')).toBe('20 mai 2025');
    expect(longDate(null, 'en')).toBe('');
    expect(period('2025-06-01', '2027-10-31', 'pt')).toBe('1 de junho de 2025 – 31 de outubro de 2027');
    expect(period(null, null, 'en')).toBe('');
    expect(exportFileName('ba', 'pdf', 'es', 'commitments')).toBe('ba-plan-es.pdf');
    expect(exportFileName('ba', 'csv', 'es', 'milestones')).toBe('ba-plan-milestones.csv');
  });
});
