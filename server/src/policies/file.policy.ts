import { FORBIDDEN } from '../lib/errors.ts';
import { isStaff } from './actor.ts';
import { hasPermission } from './permissions.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Files. Public files (catalog templates and samples) for anyone. A material file for its uploader
 * and for staff whose case scope (case.policy.ts `caseScopeFilter`, level included) holds a case it
 * belongs to: the service asks the repository with that filter and passes the answer in
 * `attachedInScope`. A center's own file not yet public (no owner) for that center's staff.
 * Refused reads are 403 for everyone, signed in or not: a file id does not say whose it is.
 */
export interface FileFacts { public: boolean; owner_id: string | null; center_id: string | null; attachedInScope: boolean }

export const FILE_ACTIONS = ['read', 'upload_template', 'upload_material'] as const;
export type FileAction = (typeof FILE_ACTIONS)[number];

export const filePolicy: Policy<FileFacts, FileAction> = {
  resource: 'file',
  actions: FILE_ACTIONS,
  can(who, action, f) {
    switch (action) {
      case 'read':
        if (!f) return true;
        if (f.public) return true;
        if (!who) return false;
        if (f.owner_id === who.id) return true;
        if (!isStaff(who)) return false;
        return f.owner_id ? f.attachedInScope : who.centerId === f.center_id;
      case 'upload_template': return hasPermission(who, 'files.upload');
      case 'upload_material': return who !== null;
    }
  },
  refuse: (who, action) => (action === 'read' ? FORBIDDEN() : defaultRefusal(who)),
};
