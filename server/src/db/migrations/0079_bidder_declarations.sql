-- docs/trading.md "Related bidders": 招标投标法实施条例 第三十四条 — 单位负责人为同一人或者存在控股、管理关系的不同单位，
-- 不得参加同一标段投标；违反的，相关投标均无效. Each bidding enterprise declares, once for all its bids, the resident ID
-- number of its principal (单位负责人, the legal representative), the unit that controls it (控股股东 or 实际控制 unit) and
-- the unit it is managed by (上级主管单位). The evaluation names the opened bids these facts relate, and an expert's sheet
-- is not submitted until they are rejected. The ID number is kept as persons' are (users.id_number) and shown masked.
CREATE TABLE bidder_declarations (
  user_id                  uuid PRIMARY KEY REFERENCES users (id),
  representative_id_number text NOT NULL CHECK (representative_id_number ~ '^[0-9]{17}[0-9X]$'),
  controller_code          text CHECK (controller_code ~ '^[0-9A-Z]{18}$'),
  manager_code             text CHECK (manager_code ~ '^[0-9A-Z]{18}$'),
  declared_at              timestamptz NOT NULL,
  version                  integer NOT NULL DEFAULT 1
);
