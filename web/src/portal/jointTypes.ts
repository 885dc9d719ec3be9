/** Shapes of the public joint-matter API (docs/joint.md), derived from the generated schema (api/schema.d.ts). */
import type { ResponseOf } from '../api/client';

type Item<A> = A extends readonly (infer T)[] ? T : never;

/** GET /api/joint/matters/:id and GET /api/joint/centers/:centerId/matters/:key. */
export type JointMatter = ResponseOf<'/api/joint/matters/{id}'>;
export type PublicJointQuestion = Item<JointMatter['questions']>;

/** POST /api/joint/matters/:id/checklist: what the answers make of the matter. */
export type JointChecklist = ResponseOf<'/api/joint/matters/{id}/checklist', 'post'>;
export type JointChecklistMaterial = Item<JointChecklist['materials']>;
