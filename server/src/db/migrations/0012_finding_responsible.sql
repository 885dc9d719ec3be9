-- A supervision finding is attributed to the staff member whose act broke the rule (the clerk who
-- issued a second supplement notice, registered a receipt late or accepted late, the one who
-- suspended without a reason or past the declared length, the one who decided without the right):
-- performance counts the finding under that person instead of "no handler". Null when no one person
-- is responsible (an idle step has no assignee) and for findings raised before this column.
ALTER TABLE findings ADD COLUMN responsible_id uuid REFERENCES users(id);
