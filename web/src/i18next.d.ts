// Translation keys are typed from the English files: a missing key fails the type check.
import type common from '../../locales/en/common.json';
import type auth from '../../locales/en/auth.json';
import type processes from '../../locales/en/processes.json';
import type admin from '../../locales/en/admin.json';
import type problems from '../../locales/en/problems.json';
import type proposals from '../../locales/en/proposals.json';
import type comments from '../../locales/en/comments.json';
import type moderation from '../../locales/en/moderation.json';
import type rounds from '../../locales/en/rounds.json';
import type workshops from '../../locales/en/workshops.json';
import type commitments from '../../locales/en/commitments.json';
import type plan from '../../locales/en/plan.json';
import type evidence from '../../locales/en/evidence.json';
import type tracking from '../../locales/en/tracking.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: {
      common: typeof common;
      auth: typeof auth;
      processes: typeof processes;
      admin: typeof admin;
      problems: typeof problems;
      proposals: typeof proposals;
      comments: typeof comments;
      moderation: typeof moderation;
      rounds: typeof rounds;
      workshops: typeof workshops;
      commitments: typeof commitments;
      plan: typeof plan;
      evidence: typeof evidence;
      tracking: typeof tracking;
    };
  }
}
