// Forms that send JSON to the API and show its error next to the field it names.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { ErrorBox } from './ui.js';

/** {busy, error, saved, submit(fn)}: submit runs fn (a promise), keeping the API's error for display. */
export function useSubmit() {
  const [state, setState] = useState({ busy: false, error: null, saved: false });
  const submit = async (fn) => {
    setState({ busy: true, error: null, saved: false });
    try {
      const r = await fn();
      setState({ busy: false, error: null, saved: true });
      return r;
    } catch (error) {
      setState({ busy: false, error, saved: false });
      return undefined;
    }
  };
  return { ...state, submit };
}

/** The form's error: the API's message, with the field it names. */
export const FormError = ({ error }) => error ? html`<${ErrorBox} error=${{ message: error.field ? `${error.message} (field: ${error.field})` : error.message }} />` : null;

/** Reads a form's named inputs into an object: empty strings dropped, numbers for type=number, booleans for checkboxes. */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.value.trim() === '') continue;
    else out[el.name] = el.type === 'number' ? Number(el.value) : el.value.trim();
  }
  return out;
}
