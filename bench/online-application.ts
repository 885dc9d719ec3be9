/**
 * What the submission benchmarks send: the demo company's application for the province's building
 * permit, as the web app sends it, with one uploaded scan standing for each required material
 * (issue 10: an online application carries every required material); and the same as wrk sends it,
 * answered with the summary (`Prefer: return=minimal`).
 */
export async function onlineApplication(base: string, headers: Record<string, string>) {
  const found = await (await fetch(`${base}/api/items?q=${encodeURIComponent('建筑工程施工许可证核发')}`)).json() as { items: Array<{ id: string; name: string; center: { name: string } }> };
  // The province's item: Haikou implements the same one, and window1 (a provincial clerk) may register only its own center's.
  const itemId = found.items.find((i) => i.name === '建筑工程施工许可证核发' && i.center.name.startsWith('海南省'))!.id;
  const form = await (await fetch(`${base}/api/items/${itemId}/form`)).json() as { fields: Array<{ key: string; required: boolean }>; materials: Array<{ key: string; requirement: string }> };
  const values = Object.fromEntries(form.fields.filter((f) => f.required).map((f) => [f.key, '基准测试']));
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20)])], { type: 'application/pdf' }), '申请表.pdf');
  const file = await (await fetch(`${base}/api/files`, { method: 'POST', headers, body: fd })).json() as { id: string };
  const materials = form.materials.filter((m) => m.requirement === 'required').map((m) => ({ key: m.key, fileId: file.id }));
  // The same for wrk (bench/wrk.ts): each request gets an idempotency key of its own in place of the placeholder.
  const wrkRequest = {
    path: '/api/cases', headers: { ...headers, prefer: 'return=minimal', 'content-type': 'application/json' }, expectStatus: 201, keyPlaceholder: '@KEY@',
    body: JSON.stringify({ itemId, form: values, materials, idempotencyKey: '@KEY@' }),
  };
  return { itemId, values, file, materials, wrkRequest };
}
