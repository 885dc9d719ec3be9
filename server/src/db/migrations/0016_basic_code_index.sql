-- A basic code (基本编码) means one item everywhere: before an item takes a basic code, the catalog
-- looks up every item that already carries it (at any center and level) to hold the name, the type
-- and, for a local implementation, limits no longer than the province's basic item.
CREATE INDEX items_basic_code ON items (basic_code);
