import { z } from 'zod';

/** A user's display preferences (docs/accessibility.md): the elder-friendly mode (适老化). */
export const preferencesView = z.object({
  elderMode: z.boolean().describe('Larger type, higher contrast, simpler navigation and touch targets of at least 44 px'),
});
export type PreferencesView = z.infer<typeof preferencesView>;

/** Every field optional: a PUT changes what it names and keeps the rest. */
export const preferencesBody = z.object({
  elderMode: z.boolean().optional(),
}).strict();
export type PreferencesBody = z.infer<typeof preferencesBody>;
