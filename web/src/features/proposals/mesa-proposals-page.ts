import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { ApiError, type Http } from '../../api/http.ts';
import { apiContext } from '../../contexts/api.ts';
import { i18nContext, type I18nValue } from '../../contexts/i18n.ts';
import { emit } from '../../events.ts';
import { LightElement } from '../../ui/light-element.ts';
import { problemMessage } from '../../ui/problem.ts';
import { processPath } from './proposal-model.ts';
import './mesa-proposal-list.ts';
import { processesApi } from '../processes/processes-api.ts';

/** `/processes/:slug/proposals`: the proposal list on a page of its own. */
@customElement('mesa-proposals-page')
export class MesaProposalsPage extends LightElement {
  @property() slug = '';
  @consume({ context: apiContext }) private api!: Http;
  @consume({ context: i18nContext, subscribe: true }) private i18n!: I18nValue;

  private readonly task = new Task(this, {
    task: async ([slug]) => {
      const process = await processesApi.get(this.api, slug);
      emit(this, 'mesa-title', { title: `${this.i18n.t('proposals:list.heading')} · ${process.title}` });
      return process;
    },
    args: () => [this.slug] as const,
  });

  override render() {
    const { t } = this.i18n;
    return this.task.render({
      pending: () => html`<p role="status">${t('loading')}</p>`,
      error: (err) =>
        err instanceof ApiError && err.status === 404
          ? html`<h1>${t('processes:page.notFound')}</h1>`
          : html`<p class="alert alert--error" role="alert">${problemMessage(t, err)}</p>`,
      complete: (process) => html`
        <p class="breadcrumb"><a href=${processPath(process.slug)} lang=${process.language}>← ${process.title}</a></p>
        <h1>${t('proposals:list.heading')}</h1>
        <mesa-proposal-list .process=${process}></mesa-proposal-list>
      `,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mesa-proposals-page': MesaProposalsPage;
  }
}
