import { useCallback } from 'react';
import { useT } from '../i18n';
import { useGet } from '../api/query';

/**
 * English names of centers and departments for the joint-matter pages, whose API sends the Chinese
 * names only: looked up in the catalog facets (by id, or by the Chinese name), the Chinese name otherwise.
 */
export function useOrgNames() {
  const { lang, pick } = useT();
  const facets = useGet('/api/catalog/facets', null, { enabled: lang === 'en' });
  const f = facets.data;
  const center = useCallback((id: string, name: string) => {
    const c = f?.centers.find((x) => x.id === id);
    return c ? pick(c.name, c.nameEn) : name;
  }, [f, pick]);
  const department = useCallback((name: string, id?: string) => {
    const d = f?.departments.find((x) => (id ? x.id === id : x.name === name));
    return d ? pick(d.name, d.nameEn) : name;
  }, [f, pick]);
  return { center, department };
}
