import { html, type TemplateResult } from 'lit';
import type { Route } from './router.ts';
import './features/processes/mesa-process-list.ts';
import './features/processes/mesa-process-page.ts';
import './features/auth/mesa-sign-up.ts';
import './features/auth/mesa-sign-in.ts';
import './features/auth/mesa-account.ts';
import './features/admin/mesa-process-form.ts';
import './features/proposals/mesa-proposals-page.ts';
import './features/proposals/mesa-proposal-form.ts';
import './features/proposals/mesa-proposal-page.ts';
import './features/proposals/mesa-import-page.ts';
import './features/moderation/mesa-moderation-page.ts';
import './features/rounds/mesa-round-page.ts';
import './features/rounds/mesa-round-results.ts';
import './features/workshops/mesa-workshop-view.ts';
import './features/workshops/mesa-workshop-console.ts';
import './features/workshops/mesa-workshop-projector.ts';
import './features/workshops/mesa-join-page.ts';
import './features/commitments/mesa-commitment-page.ts';
import './features/commitments/mesa-reply-queue.ts';
import './features/plan/mesa-plan-page.ts';
import './features/plan/mesa-plan-admin.ts';
import './features/evidence/mesa-evidence-page.ts';
import './features/tracking/mesa-tracking-page.ts';
import './ui/mesa-not-found.ts';

/** The element that renders each route. */
export function renderRoute(route: Route): TemplateResult {
  switch (route.name) {
    case 'processes':
      return html`<mesa-process-list></mesa-process-list>`;
    case 'process':
      return html`<mesa-process-page .slug=${route.slug}></mesa-process-page>`;
    case 'proposals':
      return html`<mesa-proposals-page .slug=${route.slug}></mesa-proposals-page>`;
    case 'new-proposal':
      return html`<mesa-proposal-form .slug=${route.slug}></mesa-proposal-form>`;
    case 'moderation':
      return html`<mesa-moderation-page .slug=${route.slug}></mesa-moderation-page>`;
    case 'import':
      return html`<mesa-import-page .slug=${route.slug}></mesa-import-page>`;
    case 'proposal':
      return html`<mesa-proposal-page .proposalId=${route.id}></mesa-proposal-page>`;
    case 'edit-proposal':
      return html`<mesa-proposal-form .proposalId=${route.id}></mesa-proposal-form>`;
    case 'signup':
      return html`<mesa-sign-up></mesa-sign-up>`;
    case 'signin':
      return html`<mesa-sign-in .next=${route.next}></mesa-sign-in>`;
    case 'account':
      return html`<mesa-account></mesa-account>`;
    case 'new-process':
      return html`<mesa-process-form></mesa-process-form>`;
    case 'round':
      return html`<mesa-round-page .roundId=${route.id}></mesa-round-page>`;
    case 'round-results':
      return html`<mesa-round-results .roundId=${route.id}></mesa-round-results>`;
    case 'workshop':
      return html`<mesa-workshop-view .workshopId=${route.id}></mesa-workshop-view>`;
    case 'workshop-console':
      return html`<mesa-workshop-console .workshopId=${route.id}></mesa-workshop-console>`;
    case 'workshop-projector':
      return html`<mesa-workshop-projector .workshopId=${route.id}></mesa-workshop-projector>`;
    case 'join':
      return html`<mesa-join-page .code=${route.code}></mesa-join-page>`;
    case 'commitment':
      return html`<mesa-commitment-page .commitmentId=${route.id}></mesa-commitment-page>`;
    case 'commitment-editor':
      // Loaded on demand: the editor brings Yjs (about 25 kB gzipped) that no other page needs.
      void import('./features/commitments/mesa-commitment-editor.ts');
      return html`<mesa-commitment-editor .commitmentId=${route.id}></mesa-commitment-editor>`;
    case 'commitment-replies':
      return html`<mesa-reply-queue .commitmentId=${route.id}></mesa-reply-queue>`;
    case 'process-replies':
      return html`<mesa-reply-queue .slug=${route.slug}></mesa-reply-queue>`;
    case 'evidence':
      return html`<mesa-evidence-page .slug=${route.slug}></mesa-evidence-page>`;
    case 'tracking':
      return html`<mesa-tracking-page .slug=${route.slug}></mesa-tracking-page>`;
    case 'plan':
      return html`<mesa-plan-page .slug=${route.slug}></mesa-plan-page>`;
    case 'plan-admin':
      return html`<mesa-plan-admin .slug=${route.slug}></mesa-plan-admin>`;
    case 'not-found':
      return html`<mesa-not-found></mesa-not-found>`;
  }
}

/** The i18n key of each route's default page title. */
export const ROUTE_TITLES = {
  processes: 'common:titles.processes',
  process: 'common:titles.process',
  proposals: 'proposals:list.heading',
  'new-proposal': 'proposals:form.newTitle',
  moderation: 'moderation:queue.title',
  import: 'proposals:import.title',
  proposal: 'proposals:page.title',
  'edit-proposal': 'proposals:form.editTitle',
  signup: 'auth:signUp.title',
  signin: 'auth:signIn.title',
  account: 'auth:account.title',
  'new-process': 'admin:processForm.title',
  round: 'rounds:scoring.title',
  'round-results': 'rounds:results.title',
  workshop: 'workshops:view.title',
  'workshop-console': 'workshops:console.title',
  'workshop-projector': 'workshops:projector.title',
  join: 'workshops:join.title',
  commitment: 'commitments:page.title',
  'commitment-editor': 'commitments:editor.title',
  'commitment-replies': 'commitments:replies.title',
  'process-replies': 'commitments:replies.title',
  evidence: 'evidence:title',
  tracking: 'tracking:title',
  plan: 'plan:ui.page.title',
  'plan-admin': 'plan:ui.admin.heading',
  'not-found': 'common:notFound.title',
} as const;
