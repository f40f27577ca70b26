# What the pages (web), the command line and the worker tell the person, in English. Each
# section is the source file that makes the messages; hi/errors-web.ftl has the same ids in the
# same order.

## web/forms.rs

web-forms-unreadable = The form could not be read
web-forms-unknown-parameter = This page does not know the parameter '{ $name }'; it takes: { $known }

## web/mod.rs

web-mod-csrf-refused = This form has expired or did not come from this site. Go back, reload the page and send it again.
web-mod-form-too-large = The form is too large

## web/ctx.rs

web-ctx-session-ended = Your session has ended; sign in again

## web/admin/users.rs

web-users-choose-role = Choose a role

## web/reports.rs

web-reports-language = The report's language is hi or en
web-reports-failed = The report could not be made; please try again

## web/cases.rs

web-cases-unknown-action = unknown action '{ $action }'
web-cases-form-incomplete = The form for '{ $action }' is incomplete: { $text }
web-cases-choose-file = Choose a file to upload

## web/inbox.rs

web-inbox-tick-cases = Tick the cases to act on
web-inbox-no-office = Your account is not attached to an office; ask the administrator

## web/dashboard/mod.rs

web-dashboard-breakdown = Rows can be by department, category, district, office, portal (channel), priority cell (cell) or kind: { $codes }
web-dashboard-unknown-key = no { $breakdown } with code '{ $code }'

## web/dashboard/cases.rs

web-dashboard-cases-metric = metric must be one of: { $codes }

## web/dashboard/rankings.rs

web-rankings-level = Rankings are of districts, offices or officers

## web/mod.rs and web/assets.rs (no reader's language known: said in both)

web-mod-page-failed = The page could not be shown
web-assets-no-such-file = no such file

## web/monitoring.rs

web-monitoring-unknown-district = There is no district with the code '{ $code }'
web-monitoring-bad-page = The page must be a whole number from 1
web-monitoring-unknown-queue = There is no such district or department: '{ $code }'

## web/reviews.rs

web-reviews-bad-person = Unknown person in the attendance
web-reviews-bad-presence = Attendance must be present, absent or deputy
web-reviews-owner-outside = A direction goes to an office of the meeting's area (and an officer of that office or one under it)
