import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import { toApiError, type ApiError } from '../api/client';
import { useT } from '../i18n';
import { fieldPath } from './formErrors';

type NamePath = (string | number)[];

/**
 * Keeps a form's server error and its client validation messages in the current language:
 * the server's `field` is marked on the form, and on a language switch the messages shown are redrawn.
 */
export function useFormErrors(form: FormInstance, prefixes: NamePath[] = [[]]) {
  const { lang, msg } = useT();
  const [error, setErrorState] = useState<ApiError | null>(null);
  // The field last marked with the server's error, and its value then: the mark is redrawn on a
  // language switch only while the value is unchanged.
  const marked = useRef<{ path: NamePath; value: unknown } | null>(null);
  const prefixesKey = JSON.stringify(prefixes);

  const mark = useCallback((e: ApiError, scroll: boolean) => {
    marked.current = null;
    if (!e.field) return;
    const base = fieldPath(e.field);
    const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
    for (const prefix of JSON.parse(prefixesKey) as NamePath[]) {
      const candidates = [[...prefix, ...base]];
      if (base.length > 1) candidates.push([...prefix, ...base.slice(1)]);
      // A field inside a list ("materials.0.copies") may only be rendered as its list: mark the deepest part that exists.
      for (let cut = base.length - 1; cut > 0; cut--) candidates.push([...prefix, ...base.slice(0, cut)]);
      for (const path of candidates) {
        if (registered.has(JSON.stringify(path))) {
          form.setFields([{ name: path, errors: [msg(e.messages)] }]);
          if (scroll) form.scrollToField(path, { block: 'center' });
          marked.current = { path, value: form.getFieldValue(path) };
          return;
        }
      }
    }
  }, [form, msg, prefixesKey]);

  const setError = useCallback((e: unknown) => {
    const err = e ? toApiError(e) : null;
    setErrorState(err);
    if (err) mark(err, true);
  }, [mark]);

  const firstLang = useRef(true);
  useEffect(() => {
    if (firstLang.current) {
      firstLang.current = false;
      return;
    }
    const names = form.getFieldsError().filter((f) => f.errors.length > 0 || f.warnings.length > 0).map((f) => f.name);
    const m = marked.current;
    const redraw = () => {
      if (error && m && form.getFieldValue(m.path) === m.value) mark(error, false);
    };
    if (names.length) void form.validateFields(names).catch(() => undefined).finally(redraw);
    else redraw();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);

  return { error, setError, clearError: () => setErrorState(null) };
}
