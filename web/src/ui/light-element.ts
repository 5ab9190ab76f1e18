import { LitElement } from 'lit';

/**
 * Base for Mesa elements: they render into the light DOM so that the global stylesheet,
 * label/for pairs, the skip link target and in-page anchors work without shadow boundaries.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
