# What an error tells the person, in English. Every stable error code (nivaran_domain::ErrorCode)
# has its general message here as `error-<code>`; the messages made where an error is found are
# in the errors-*.ftl files beside this one, grouped by the layer that makes them. A message's
# `$field` is the field's name on screen (`field-<name>` below, or the name itself).

## The general message of each code (docs/API.md lists the codes).

error-address_refused = That address is inside the network and may not be used
error-already_appealed = This case has already been appealed
error-already_decided = This has already been decided
error-already_holder = The case is already held by this officer
error-already_joint = That department is already on this case
error-appeal_window_over = The time allowed for an appeal is over
error-bad_credentials = Wrong username or password
error-body_too_large = The request is too large
error-citizen_satisfied = The citizen was satisfied with the disposal
error-common_password = This password is too common; choose another
error-conflict = Someone else changed this first; reload and try again
error-csrf = This form has expired; reload the page and try again
error-database_unavailable = The service could not reach its database; nothing was saved. Try again shortly.
error-duplicate = This value is already taken
error-empty = The file is empty
error-escalation_limit = This case cannot be escalated further
error-eta_in_past = The expected date must not be in the past
error-file_missing = This document is on record, but its file is missing from the file store. The administrator has to restore it from a backup.
error-filing_limit = Too many grievances from this mobile number this month
error-forbidden = You may not do this
error-idempotency_key_reused = This Idempotency-Key was used for another request
error-illegal_transition = The case's status does not allow this action
error-import_error = A row of the file is wrong; nothing was imported
error-invalid_answer = This answer is not valid
error-invalid_body = The request's body could not be read
error-invalid_choice = Choose one of the options offered
error-invalid_choices = The options given are not valid
error-invalid_code = The code is not valid
error-invalid_date = Enter a valid date
error-invalid_email = Enter a valid email address such as name@example.in
error-invalid_form = The form is missing something its action needs
error-invalid_idempotency_key = The Idempotency-Key is not valid
error-invalid_length = The length is not valid
error-invalid_mobile = Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9
error-invalid_number = Enter a valid number
error-invalid_otp = The one-time password is not valid
error-invalid_request = The request is not valid
error-invalid_token = The token is unknown, expired or revoked
error-invalid_upload = The upload could not be read
error-invalid_url = Enter a valid web address
error-invalid_username = The username is not valid
error-login_throttled = Too many sign-in attempts; try again later
error-misconfigured = The service is misconfigured (a message template is missing); nothing was saved. The administrator has been told.
error-no_appellate_office = There is no appellate office for this case
error-no_higher_office = There is no higher office to send this case to
error-no_letters = Write letters or digits, not only symbols
error-no_office = Your account has no office
error-no_route = No office handles this category in this place
error-not_awaiting_call = This case is not waiting for a verification call
error-not_found = Not found
error-not_of_the_office = That officer does not work in the office holding the case
error-not_subordinate = That office is not under yours
error-not_verified = The citizen has not been verified
error-operator_only = Only an operator may do this
error-out_of_range = The value is out of range
error-period_out_of_range = The period is out of range
error-period_reversed = The period ends before it starts
error-period_too_long = The period is too long
error-rate_limited = Too many requests; try again later
error-reason_required = A reason is required
error-reopen_window_over = The time allowed to reopen is over
error-report_failed = The report could not be drawn
error-request_timeout = The request took too long to arrive
error-required = This is required
error-same_eta = This is already the date declared
error-same_office = The case is already with that office
error-shutting_down = The service is restarting; nothing was saved. Try again in a few seconds.
error-special_close_not_approved = This special closure has not been approved
error-storage_unavailable = The service could not store the file; nothing was saved. Try again shortly.
error-too_large = The file is too large
error-too_long = The text is too long
error-too_many_files = Too many files
error-too_many_marks = A letter carries too many marks
error-too_short = The text is too short
error-transfer_limit = This case has been transferred too many times
error-unauthorized = Sign in first
error-unknown = No such code
error-unknown_document = No such document
error-unknown_office = No such office
error-unsupported = This cannot be done with the data on record
error-unsupported_media_type = Send JSON
error-unsupported_type = This kind of file is not accepted

## Fields, as a person reads them.

field-citizen_name = Name
field-name = Name
field-subject = Subject
field-description = Description
field-address = Address
field-reason = Reason
field-remarks = Remarks
field-mobile = Mobile number
field-email = Email
field-latitude = Latitude
field-longitude = Longitude
field-category = Category
field-jurisdiction = Place
field-place = Place
field-department = Department
field-office = Office
field-eta = Expected date
field-password = Password
field-new_password = New password
field-current_password = Current password
field-username = Username
field-role = Role
field-file = File
field-regno = Registration number
field-code = Code
field-period = Period
field-from = Start date
field-to = End date
field-district = District
field-channel = Channel
field-priority = Priority
field-kind = Kind
field-special_close = Special closure
field-outcome = Outcome
field-finding = Finding
field-note = Note
field-status = Status
field-sort = Sort order
field-label = Label
field-scope = Scope
field-full_name = Full name
field-limit_override_reason = Reason for going over the limit
field-documents = Documents
field-metric = Figure
field-level = Level
field-by = Breakdown
field-key = Key
field-action = Action
field-lang = Language
field-parent = Parent
field-answer = Answer
field-question = Question
field-text = Text
field-instructions = Instructions
field-report = Report

## Text as people type it (nivaran_domain::text).

field-required = { $field } is required
text-too-long-to-store = { $field } is too long to store ({ $bytes } bytes); write at most { $max } characters
text-too-many-marks = { $field } has a letter with more than { $marks } marks on it
text-no-letters = { $field } must contain letters or digits, not only symbols or invisible characters
text-too-short = { $field } must be at least { $min } characters long
text-too-long = { $field } must be at most { $max } characters long (it has { $len })
text-invalid-mobile = Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9
text-invalid-email = Enter a valid email address such as name@example.in
text-latitude-out-of-range = Latitude must be between 6 and 38 degrees (inside India)
text-longitude-out-of-range = Longitude must be between 68 and 98 degrees (inside India)

## The lifecycle's refusal of an action the status does not allow.

lifecycle-not-allowed = cannot { $action } a case that is { $status }

## The API's own refusals (http::error).

api-sign-in-first = Sign in first: send 'Authorization: Bearer <token>'
api-role-may-not = Your role may not { $what ->
    [open-page] open this page
    [bulk-action] take this action in bulk
    [see-figures] see these figures
    [administer] administer the system
    [chair-meeting] change a meeting you do not chair
    [keep-discipline] add to a disciplinary record you did not open, or to a closed one
    [see-duplicates] see the likely duplicates
    [work-smgt] work the social-media desk
   *[other] do this
}
api-no-such = No such { $what ->
    [grievance] grievance
    [user] user
    [attachment] attachment
    [token] token
    [page] page
    [report] report
    [category] category
    [api-key] API key
    [audit] audit
    [holiday] holiday
    [message] message
    [routing-rule] routing rule
    [meeting] review meeting
    [direction] direction
    [disciplinary-record] disciplinary record
    [candidate] candidate duplicate
    [post] social-media post
   *[other] resource
}
api-may-not-on-case = You may not { $what } this case
api-conflict = Someone else changed this case first (it is now at version { $current }). Reload it and try again; nothing you sent was saved.
api-duplicate = { $field } is already taken
api-bad-credentials = Wrong username or password
api-login-throttled = Too many sign-in attempts for this account from here; try again in { $seconds } seconds
api-import-row = { $file } line { $line }: { $detail }
store-failed-before = The same request failed just before: { $detail }
error-no_part = That department has no part of this case
error-own_department = That is the case's own department
error-parts_pending = A joint department has not yet sent its Action Taken Report
