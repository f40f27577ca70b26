# What the storage layer says when it refuses (store/*: accounts, attachments, cases, one-time
# passwords, limits, monitoring, actions, dashboards). `$field` is the field's name on screen.

## store/grievances/act.rs

store-act-eta-required = Declare the date by which you will resolve the case when you accept it
store-act-eta-reason = A date after the case's deadline needs a reason (at least 5 characters)
store-act-no-officer = No officer with the username '{ $officer }'
store-act-not-of-the-office = { $officer } is not an active officer of the office holding the case

## store/reviews.rs

store-reviews-bad-date = { $field } must be a date (YYYY-MM-DD)
store-reviews-target-before-meeting = The target date cannot be before the meeting
store-reviews-bad-days = The number of days must be between 0 and 3650
store-reviews-bad-outcome = The outcome must be met, partly or missed

## store/admin.rs

store-admin-no-office = no office with code { $code }
store-admin-office-required = Officers and supervisors must belong to an office
store-admin-no-jurisdiction = no jurisdiction with code { $code }
store-admin-no-user = no user '{ $username }'
store-admin-label-required = label is required: say which integration uses the token

## store/attachments.rs

store-attachments-empty = The file is empty
store-attachments-too-large = The file is larger than { $mb } MB
store-attachments-unsupported-type = Only PDF, JPEG, PNG and WebP files can be attached

## store/grievances/list.rs

store-grievances-bad-sort = sort must be due, filed, -filed, recent or relevance, not '{ $value }'
store-grievances-bad-holder = holder must be me (the cases you hold) or none (the cases no officer holds yet), not '{ $value }'
store-grievances-bad-status = status must be 'open' or one of: { $choices }

## store/grievances/mod.rs

store-grievances-bad-date = { $field } must be a date written YYYY-MM-DD
store-grievances-unknown-code = { $field }: nothing has the code '{ $code }'
store-grievances-channel-operator-only = Only an operator can file through a channel other than the web portal
store-grievances-joint-operator-only = Only an operator names joint departments when filing; the office that takes up the case adds them later
store-grievances-external-operator-only = Only an operator or an integration records another system's reference when filing
store-grievances-override-operator-only = Only an operator can file past the monthly limit

## store/idempotency.rs

store-idempotency-bad-key = The Idempotency-Key header must be 1 to 255 visible ASCII characters (a UUID, say)
store-idempotency-key-reused = This Idempotency-Key was used for a different filing; use a new key for a new filing

## store/limits.rs

store-limits-too-many-requests = Too many requests. Please try again in { $minutes } minutes.
store-limits-filing-limit = This mobile number has already filed { $filed } grievances this month, the most allowed ({ $limit }). Track your earlier grievances, or call the 181 helpline if this is urgent.
store-limits-operator-may-override = { $detail } As an operator you may file it anyway with limit_override_reason.

## store/monitoring.rs

store-monitoring-bad-outcome = Choose satisfied, not satisfied or no answer
store-monitoring-not-awaiting-call = This case is not waiting for a verification call
store-monitoring-bad-finding = Choose genuine, fake disposal or stalling
store-monitoring-note-required = Write what the audit found
store-monitoring-already-decided = This audit already has a finding
store-monitoring-open-not-disposed = This case is still open: choose genuine or stalling

## store/otp.rs

store-otp-expired = This one-time password has expired or was never sent; ask for a new one
store-otp-no-tries-left = No tries are left for this one-time password; ask for a new one
store-otp-wrong-none-left = Wrong one-time password, and no tries are left; ask for a new one
store-otp-wrong = Wrong one-time password; { $left } tries left
store-otp-already-used = This one-time password has already been used
store-otp-staff-number = This number belongs to a staff account, which signs in with its user name and password
store-otp-cannot-sign-in = This number cannot sign in with a one-time password

## store/outbox.rs

store-outbox-bad-status = status must be pending, failed, sent, dead or rejected, not '{ $value }'

## store/passwords.rs

store-passwords-hashing-failed = password hashing failed: { $detail }
store-passwords-too-short = The password must be at least { $min } characters long
store-passwords-common = This password is one of the most common and easily guessed; choose another

## store/requests.rs

store-requests-no-office = no office with code '{ $code }'
store-requests-bad-choice = { $field } must be one of: { $choices }
store-requests-bad-eta = eta must be a date written YYYY-MM-DD
store-requests-no-department = no department with code '{ $code }'
store-requests-unknown-document = document { $document } has not been uploaded to this case
store-requests-no-appellate-office = There is no office above the one that disposed of this case; name the appellate office

## store/stats/period.rs

store-stats-period-reversed = The period must end on or after the day it starts
store-stats-period-out-of-range = Choose a period between the year 2000 and next year
store-stats-period-too-long = Choose a period of at most three years

## store/stats/scope.rs

store-stats-unknown-scope = '{ $scope }' is not a place, office or officer Nivaran knows

## store/users.rs

store-users-bad-username = A username has 3 to 64 characters: lower-case letters, digits, dots, dashes and underscores
store-users-no-office = no office with code { $code }
store-users-office-required = Officers and supervisors must belong to an office
store-users-no-jurisdiction = no jurisdiction with code { $code }
store-discipline-not-under-you = { $officer } is not an officer of your office or of an office under it
store-discipline-no-case = No grievance has the number { $number }
store-discipline-too-many-cases = Name at most { $max } cases
store-discipline-closed = This record is closed: its outcome is recorded
store-discipline-bad-kind = Choose a warning, show-cause notice, reply, charge-sheet or outcome
store-discipline-future-date = The date cannot be in the future
store-discipline-reply-needs-notice = A reply answers a show-cause notice or a charge-sheet: record that first
store-discipline-bad-outcome = Choose the outcome: exonerated, censure, minor penalty or major penalty
store-discipline-outcome-on-outcome-step = An outcome is recorded with the step "Outcome": choose that step, or leave the outcome empty

## store/suggest.rs
suggest-model-damaged = the stored category-suggestion model cannot be read; train it again with `nivaran suggest train`
store-parts-own-department = The case's own department cannot be added as a joint department
store-parts-no-office = No office of department '{ $department }' covers this case's place (no routing rule); add one in master data
store-parts-no-part = Department '{ $department }' has no part of this case
store-duplicates-no-original = No grievance numbered { $number }
store-duplicates-itself = A grievance cannot be a duplicate of itself
store-duplicates-original-is-duplicate = That grievance is itself linked as a duplicate; link to its original
store-duplicates-original-disposed = That grievance, another citizen's, is already disposed of: this one is a grievance of its own
store-duplicates-repeat-too-late = Grievance { $number } of the same citizen was disposed of too long ago to be reopened or appealed: this petition stands as a new grievance, with the earlier one shown beside it
store-duplicates-not-open = This grievance is no longer open; file a new one instead
error-original_disposed = The original is another citizen's grievance already disposed of
store-exchange-bad-status = status must be filed or failed, not '{ $value }'
store-social-bad-status = status must be new, asked, filed, linked or dismissed, not '{ $value }'
store-social-bad-platform = platform '{ $value }' is not a platform's name (lower-case letters, digits and _)
store-social-post-not-found = there is no such post in the SMGT desk's queue
store-social-post-triaged = this post has already been dealt with
store-social-case-not-found = there is no case numbered { $number }
store-social-reason-required = say why the post is dismissed (5 to 500 characters)
store-social-operators-only = only an operator files a case from a social-media post
store-calls-linked = this call is already another case's
store-calls-not-found = there is no such call in the helpline's record
store-calls-operators-only = only an operator files a case during a helpline call
store-calls-not-callable = only a disposed case with the citizen's mobile number is called to verify
store-calls-verifier-no-phone = your account has no mobile number for the call to ring first; ask the administrator to add it
