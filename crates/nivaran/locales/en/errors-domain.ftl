# What the domain's rules say when they refuse (nivaran-domain: lifecycle, grievance form).

## lifecycle/steps.rs

lifecycle-text-required = { $what ->
    [question] The question to the citizen
    [clarification] The clarification
    [instructions] Instructions for the subordinate office
    [report] The report
    [transfer] A reason for the transfer
    [atr] The Action Taken Report
    [return-atr] A reason for returning the ATR
    [special-close] A reason for special closure
    [disposal-remarks] Disposal remarks (the reason, for a rejection)
    [reopen] A reason for reopening
    [audit-finding] The auditor's finding
    [appeal] Grounds of appeal
    [reassignment] A reason for giving the case to another officer
    [eta_change] A reason for changing the date promised
    [remark] The remark
    [joint-reason] A reason for adding the department
    [waiver] A reason for waiving the department's part
    [reminder] The reminder
    [unlink] A reason for undoing the duplicate link
   *[other] { $field }
} is required (at least 5 characters)
lifecycle-eta-in-past = The expected date of redress cannot be in the past
lifecycle-eta-past-deadline = A date after the case's deadline needs a reason (at least 5 characters)
lifecycle-same-eta = This is already the date declared
lifecycle-already-holder = The case is already held by this officer
lifecycle-not-subordinate = A case can only be forwarded to an office below the one holding it
lifecycle-same-office = The case is already with this office
lifecycle-transfer-limit = A case may be transferred at most { $max } times; this one has been transferred { $count } times
lifecycle-parts-pending = { $count ->
    [one] One joint department has not yet sent its Action Taken Report; the case is disposed of when every part has its ATR or a supervisor waives it
   *[other] { $count } joint departments have not yet sent their Action Taken Reports; the case is disposed of when every part has its ATR or a supervisor waives it
}
lifecycle-already-joint = This department is already a joint department of the case
lifecycle-special-close-not-approved = Special closure needs a supervisor's approval first
lifecycle-citizen-satisfied = The citizen said they were satisfied, so the case cannot be reopened
lifecycle-already-appealed = This case has already been appealed once
lifecycle-not-verified = A disposed case closes once the citizen is verified satisfied or unreachable, or the 30-day reopening window has passed
lifecycle-at-highest-level = The case is already at the highest level (L4)
lifecycle-auto-escalation-stops = Automatic escalation stops at L3; L3 → L4 is by hand only
lifecycle-no-higher-office = There is no higher office to escalate to
lifecycle-unknown-office = No such office
lifecycle-window-over = A case can be { $what ->
    [reopened] reopened
   *[appealed] appealed
} only within { $days } days of its disposal

## grievance.rs

grievance-too-many-joint = A filing may name at most { $max } joint departments
grievance-invalid-kind = kind must be one of: { $codes }
grievance-invalid-channel = channel must be one of: { $codes }
grievance-external-system = external_system must be one of: { $choices }
grievance-external-reference = external_reference is the number as the other system writes it: letters, digits and / - _ . only, at most 60 characters
grievance-invalid-priority = priority must be one of: { $codes }
grievance-invalid-language = language must be hi or en
