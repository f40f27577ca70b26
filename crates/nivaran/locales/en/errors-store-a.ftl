# What the store says when master data, an import or an integration's input is refused
# (store::import, store::master, store::bulk, store::filing, store::integrations, store).

## store/import.rs: master-data CSV files (each error names its file and line).

store-import-unreadable = { $detail }
store-import-bad-row = { $detail }
store-import-bad-flag = { $field }: expected true or false, found '{ $value }'
store-import-empty = { $field } is empty
store-import-synonyms-too-long = The synonyms are too long: write at most { $max } characters
store-import-unknown-code = { $field } '{ $code }' does not exist
store-import-not-a-directory = not a directory
store-import-bad-role = role must be one of: { $codes }
store-import-office-required = officers and supervisors need an office_code
store-import-bad-jurisdiction-level = level must be one of: { $codes }
store-import-parent-required = a { $level } needs a parent_code
store-import-bad-parent-level = a { $level } cannot be placed under a { $parent }
store-import-bad-coordinates = latitude and longitude go together, in degrees (-90 to 90, -180 to 180)
store-import-bad-office-level = level must be 1, 2, 3 or 4, found '{ $value }'
store-import-office-own-parent = an office cannot be its own parent
store-import-bad-kind = kind must be one of: { $codes }
store-import-bad-deadline-days = deadline_days must be a whole number from 1 to 365, found '{ $value }'
store-import-bad-category-parent = a category's parent must be another category of the same department
store-import-category-of-other-department = category_code belongs to another department
store-import-bad-date = date must be YYYY-MM-DD, found '{ $value }'

## store/master.rs: rules the whole of the master data must keep.

store-master-no-nodal-office = { $level } { $name } ({ $code }) has no nodal office, so unrouted cases there would have nowhere to go
store-master-many-nodal-offices = jurisdiction { $code } has { $count } nodal offices; it must have one
store-master-office-cycle = office { $code } has a cycle in its parents
# Two or more problems, one after another.
store-master-problems = { $first }; { $rest }

## store/bulk.rs: historical grievances (JSON lines).

store-bulk-bad-time = { $field } must be an RFC 3339 time such as 2024-05-01T10:30:00+05:30, found '{ $value }'
store-bulk-bad-json = { $detail }
store-bulk-invalid-form = { $field }: { $detail }

## store/filing/written.rs: a case replayed through the lifecycle before it is written.

store-filing-field-refused = { $field }: { $detail }
store-filing-refused = { $detail }
store-filing-no-jurisdiction = jurisdiction: no jurisdiction with code '{ $code }'
store-filing-no-category = category: no category with code '{ $code }'
store-filing-step-refused = { $action } ({ $at }): { $detail }
store-filing-no-nodal-office = no nodal office covers this location
store-filing-event-out-of-order = events[{ $n }] is earlier than the event before it
store-filing-event-refused = events[{ $n }]: { $detail }
store-filing-event-step-refused = events[{ $n }] { $detail }

## store/integrations.rs: a category's questions, the answers to them, keys and webhooks.

store-integrations-too-many-files = At most { $max } files can be attached when filing
store-integrations-bad-question-code = A question's code is 1 to 40 lower-case letters, digits or _
store-integrations-code-used-twice = The code '{ $code }' is used twice
store-integrations-bad-datatype = datatype must be one of: { $datatypes }
store-integrations-bad-question-length = A question is 1 to 300 characters
store-integrations-choices-mismatch = A list question needs its choices; other questions take none
store-integrations-bad-choice = Each choice needs its own key (no commas) and a name
store-integrations-answer-required = Answer the question: { $question }
store-integrations-bad-answer = { $question }: { $problem }
store-integrations-give-number = give a number
store-integrations-give-date = give a date (YYYY-MM-DD) or a date and time with its offset
store-integrations-choose-one = choose one
store-integrations-not-a-choice = '{ $value }' is not one of the choices
store-integrations-answer-too-long = at most { $limit } characters
store-integrations-bad-key-name = Name the integration (1 to 100 characters)
store-integrations-bad-url = The receiver's address must be an http(s) URL of at most 500 characters
store-integrations-url-refused = The receiver's address is refused: { $why }

## store/mod.rs: backups.

store-mod-backup-sqlite-only = backup works on SQLite only; for PostgreSQL use pg_dump
store-replica-postgres-only = a read replica ([database] read_url) works with PostgreSQL only: the database and the replica must both be PostgreSQL
store-replica-not-a-standby = [database] read_url is not a standby (hot standby) of the database: it must be a streaming replica
store-mod-backup-exists = { $path } already exists; choose a new file
