import { describe, expect, it } from 'vitest';
import { atomFeed, commitmentProgress, durationDays, escapeXml, timing, updateProblems } from './rules.ts';

describe('commitmentProgress', () => {
  it('weights each milestone by its duration in days', () => {
    // 31 days at 100 %, 89 days at 50 %: (3100 + 4450) / 120
    expect(commitmentProgress([
      { startsOn: '2026-01-01', endsOn: '2026-01-31', progress: 100 },
      { startsOn: '2026-02-01', endsOn: '2026-04-30', progress: 50 },
    ])).toBe(62.9);
  });
  it('gives an undated milestone the weight of the average dated one', () => {
    // weights 31, 89 and (31 + 89) / 2 = 60
    expect(commitmentProgress([
      { startsOn: '2026-01-01', endsOn: '2026-01-31', progress: 100 },
      { startsOn: '2026-02-01', endsOn: '2026-04-30', progress: 50 },
      { startsOn: null, endsOn: '2026-06-30', progress: 0 },
    ])).toBe(41.9);
  });
  it('is a plain mean when no milestone is dated, and null without milestones', () => {
    expect(commitmentProgress([{ startsOn: null, endsOn: null, progress: 20 }, { startsOn: null, endsOn: null, progress: 70 }])).toBe(45);
    expect(commitmentProgress([])).toBeNull();
  });
  it('treats reversed dates as undated', () => {
    expect(durationDays({ startsOn: '2026-05-01', endsOn: '2026-04-01' })).toBeNull();
    expect(durationDays({ startsOn: '2026-05-01', endsOn: '2026-05-01' })).toBe(1);
  });
});

describe('timing', () => {
  const today = new Date('2026-06-15T12:00:00Z');
  it('marks unfinished milestones past their end as late, with the days', () => {
    expect(timing({ endsOn: '2026-06-10', status: 'in-progress' }, today)).toEqual({ late: true, dueSoon: false, daysLate: 5 });
    expect(timing({ endsOn: '2026-06-10', status: 'completed' }, today).late).toBe(false);
  });
  it('marks those ending within 30 days as due', () => {
    expect(timing({ endsOn: '2026-06-15', status: 'not-started' }, today)).toMatchObject({ late: false, dueSoon: true });
    expect(timing({ endsOn: '2026-07-15', status: 'delayed' }, today).dueSoon).toBe(true);
    expect(timing({ endsOn: '2026-07-16', status: 'delayed' }, today).dueSoon).toBe(false);
    expect(timing({ endsOn: null, status: 'delayed' }, today)).toMatchObject({ late: false, dueSoon: false });
  });
});

describe('updateProblems', () => {
  it('keeps status and progress coherent', () => {
    expect(updateProblems({ status: 'completed', progress: 90 })[0]!.path).toBe('body.progress');
    expect(updateProblems({ status: 'not-started', progress: 5 })).toHaveLength(1);
    expect(updateProblems({ status: 'in-progress', progress: 100 })[0]!.path).toBe('body.status');
    expect(updateProblems({ status: 'delayed', progress: 40 })).toEqual([]);
    expect(updateProblems({ status: 'completed', progress: 100 }, '3')).toEqual([]);
  });
});

describe('atom', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml('<b>"Tom" & \'Jerry\'</b>\u0001')).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;');
  });
  it('writes an Atom 1.0 feed', () => {
    const xml = atomFeed({ id: 'urn:x', title: 'A & B', selfUrl: 'http://h/f', pageUrl: 'http://h/p', updated: '2026-01-01T00:00:00.000Z', entries: [
      { id: 'urn:uuid:1', title: 'ARBA0007 <1>', updated: '2026-01-01T00:00:00.000Z', summary: 'note', link: 'http://h/p#u', author: null },
    ] });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(xml).toContain('<title>A &amp; B</title>');
    expect(xml).toContain('<title>ARBA0007 &lt;1&gt;</title>');
    expect(xml).toContain('<author><name>Mesa</name></author>');
  });
});
