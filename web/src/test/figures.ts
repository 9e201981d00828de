// Test helper: reads labelled figures (description lists) the way assistive technology pairs them.
import { within } from '@testing-library/react';

/** Each term in `scope` with the definition that follows it, as `{ label: value }`. */
export function figuresIn(scope: HTMLElement): Record<string, string> {
  const terms = within(scope).getAllByRole('term');
  const definitions = within(scope).getAllByRole('definition');
  if (terms.length !== definitions.length) throw new Error(`${terms.length} terms but ${definitions.length} definitions`);
  return Object.fromEntries(terms.map((term, index) => [term.textContent ?? '', definitions[index]?.textContent ?? '']));
}
