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
  'not-found': 'common:notFound.title',
} as const;
