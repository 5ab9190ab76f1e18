import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Translate } from '../contexts/i18n.ts';
import { emit } from '../events.ts';
import { fieldErrorsFrom, summaryItems, type FieldErrors } from '../ui/form-errors.ts';
import type { SummaryItem } from '../ui/mesa-error-summary.ts';

export interface FormOptions {
  /** The translator of the moment (the i18n context changes with the language). */
  t: () => Translate;
  /** The field a problem's `errors[].path` is about ('' = the form as a whole, the default). */
  fieldOf?: (path: string) => string;
  /** Messages for a failure this form words itself; undefined leaves it to the problem's fields. */
  problem?: (err: unknown) => FieldErrors | undefined;
  /** What gets focus when errors are shown (null: nothing); by default the form's `<mesa-error-summary>`, if any. */
  focus?: () => HTMLElement | null | undefined;
}

export interface RunOptions<T> {
  /** The confirmation to show and announce once the request succeeded ('' for none). */
  done?: (result: T) => string;
  /** false: show the problem without moving focus (a background action). */
  focus?: boolean;
}

/**
 * What every form and one-button action shares: a busy flag while the request runs, messages per
 * field (client-side checks, then the server's problem `errors[]`), focus on the error summary
 * when there are errors, and a confirmation announced through `<mesa-app>`'s live region.
 */
export class FormController implements ReactiveController {
  busy = false;
  /** Messages by field name; the empty key holds the message about the whole form. */
  errors: FieldErrors = {};
  /** The last confirmation ('' until a request succeeds). */
  done = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: FormOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The message about the whole form ('' when none). */
  get error(): string {
    return this.errors[''] ?? '';
  }

  /** The error summary's items in the order the fields appear. */
  items(order: readonly string[], idOf: (field: string) => string): SummaryItem[] {
    return summaryItems(this.errors, order, idOf);
  }

  /** Show errors found before sending (or clear them); true when there are none. */
  check(errors: FieldErrors): boolean {
    this.set({ errors, done: '' });
    if (Object.keys(errors).length === 0) return true;
    void this.focus();
    return false;
  }

  /** Show errors that came from elsewhere (a failed load, a conflict worded by the form) and focus them. */
  fail(errors: FieldErrors): void {
    this.set({ errors });
    void this.focus();
  }

  /** Show errors without moving focus. */
  show(errors: FieldErrors): void {
    this.set({ errors });
  }

  /** Forget errors and the confirmation (a dialog opened again, a form reset). */
  clear(): void {
    this.set({ errors: {}, done: '' });
  }

  /**
   * Run one request: busy while it runs, earlier messages cleared; on success the confirmation
   * is shown and announced, on failure the problem lands on its fields and the summary gets
   * focus. Resolves with the request's result, or undefined when it failed.
   */
  async run<T>(action: () => Promise<T>, options: RunOptions<T> = {}): Promise<T | undefined> {
    this.set({ busy: true, errors: {}, done: '' });
    try {
      const result = await action();
      const message = options.done?.(result);
      if (message) this.confirm(message);
      return result;
    } catch (err) {
      const { t, fieldOf = () => '', problem } = this.options;
      const errors = problem?.(err) ?? fieldErrorsFrom(t(), err, fieldOf);
      if (options.focus === false) this.show(errors);
      else this.fail(errors);
      return undefined;
    } finally {
      this.set({ busy: false });
    }
  }

  /** Show and announce a confirmation. */
  confirm(message: string): void {
    this.set({ done: message });
    emit(this.host, 'mesa-announce', { message });
  }

  private set(next: Partial<Pick<FormController, 'busy' | 'errors' | 'done'>>): void {
    Object.assign(this, next);
    this.host.requestUpdate();
  }

  private async focus(): Promise<void> {
    await this.host.updateComplete;
    const target = this.options.focus ? this.options.focus() : this.host.querySelector<HTMLElement>('mesa-error-summary');
    target?.focus();
  }
}
