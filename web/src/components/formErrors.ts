type NamePath = (string | number)[];

/** Turns an API field like "content.materials.0.name" or "materials[0].name" into a form name path. */
export function fieldPath(field: string): NamePath {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
