import type { ColumnType, Generated } from 'kysely';

/** Table types for Kysely; they mirror migrations/ and change only with a new migration. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface RegionsTable {
  code: string;
  name: string;
  name_en: string | null;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parent_code: string | null;
}

export interface CentersTable {
  id: Generated<string>;
  region_code: string;
  name: string;
  name_en: string | null;
  address: Generated<string>;
  created_at: Generated<Date>;
}

export interface DepartmentsTable {
  id: Generated<string>;
  center_id: string;
  name: string;
  name_en: string | null;
  credit_code: string;
  created_at: Generated<Date>;
}

export interface WindowsTable {
  id: Generated<string>;
  center_id: string;
  name: string;
  name_en: string | null;
  kind: 'intake' | 'delivery' | 'department' | 'proxy';
  department_id: string | null;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  kind: 'person' | 'enterprise' | 'staff';
  name: string;
  id_number: string | null;
  credit_code: string | null;
  legal_representative: string | null;
  phone: string | null;
  username: string | null;
  password_hash: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  center_id: string | null;
  department_id: string | null;
  window_id: string | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: Buffer;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface FilesTable {
  id: Generated<string>;
  sha256: string;
  name: string;
  mime: string;
  size: ColumnType<string, number, number>;
  storage_key: string;
  public: Generated<boolean>;
  center_id: string | null;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface ItemsTable {
  id: Generated<string>;
  center_id: string;
  department_id: string;
  type: string;
  level: string;
  code_region: string;
  code_main: string;
  code_sub: string;
  basic_code: string;
  implementation_code: string;
  hall_status: Generated<'draft' | 'in_hall' | 'removed'>;
  latest_version: Generated<number>;
  draft_version: number | null;
  name: string;
  name_en: string | null;
  audiences: string[];
  themes: string[];
  life_events: string[];
  processing_mode: string;
  promised_limit_days: number;
  statutory_limit_days: number;
  online: boolean;
  visits: number;
  search_doc: ColumnType<string, never, never>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ItemVersionsTable {
  item_id: string;
  version: number;
  status: 'draft' | 'published';
  content: Json;
  valid_from: ColumnType<string | null, string | null | undefined, string | null>;
  published_at: Date | null;
  published_by: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ItemRequestsTable {
  id: Generated<string>;
  item_id: string;
  center_id: string;
  kind: 'admission' | 'removal';
  reason: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  requested_by: string;
  created_at: Timestamp;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: Date | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  stream: string;
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  data: Json;
  prev_hash: string | null;
  hash: string;
}

export interface DB {
  regions: RegionsTable;
  centers: CentersTable;
  departments: DepartmentsTable;
  windows: WindowsTable;
  users: UsersTable;
  sessions: SessionsTable;
  files: FilesTable;
  items: ItemsTable;
  item_versions: ItemVersionsTable;
  item_requests: ItemRequestsTable;
  audit_events: AuditEventsTable;
}
