# What the HTTP layer's own refusals tell the caller, in English (crates/nivaran/src/http).

## http/mod.rs

http-mod-no-endpoint = There is no such API endpoint

## http/extract.rs

# $what: json (a body) or query (a query string); $name: the JSON path or parameter;
# $detail: the parser's own explanation, in English.
http-extract-bad-field = { $what ->
    [json] invalid JSON
   *[query] invalid query parameter
}: field '{ $name }': { $detail }
http-extract-bad-format = { $what ->
    [json] invalid JSON
   *[query] invalid query parameter
}: { $detail }
http-extract-body-timeout = The request's body did not arrive in time; send it again
# $detail: the web server's own explanation, in English.
http-extract-body-too-large = { $detail }
http-extract-body-unreadable = { $detail }
http-extract-upload-unreadable = { $detail }
http-extract-form-malformed = { $detail }
http-extract-send-json = Send the body as JSON with 'Content-Type: application/json'
http-extract-token-invalid = The token is unknown, expired or revoked; sign in again

## http/auth.rs

http-auth-mobile-taken = An account with this mobile number already exists: sign in, or set a new password with a one-time password (POST /api/v1/auth/password/reset)

## http/grievances.rs

http-grievances-not-a-number = { $field } must be a number
http-grievances-send-file = Send the document as a multipart form field named 'file'

## http/master.rs

http-master-no-jurisdiction = no jurisdiction with code '{ $code }'
http-master-no-department = no department with code '{ $code }'
http-suggest-text-empty = write a few words about the grievance to get suggestions
http-suggest-text-too-long = the text is longer than { $max } characters
http-suggest-most-invalid = most must be a number from 1 to { $max }

## http/admin.rs

http-admin-role-invalid = role must be one of: { $roles }
http-admin-delivery-token-invalid = Unknown delivery-report token

## http/open311/mod.rs

http-open311-jurisdiction-not-found = jurisdiction_id '{ $code }' was not found
http-open311-format-suffix = Ask for a format by the path's suffix: .xml or .json
http-open311-method-not-allowed = This resource does not take that method
http-open311-no-such-resource = There is no such Open311 resource: see discovery.xml

## http/open311/filing.rs (service-code-not-found also in services.rs, api-key-invalid also in reading.rs)

# $detail: the web server's own explanation, in English.
http-open311-body-unreadable = The request body could not be read: { $detail }
http-open311-api-key-required = An api_key is required to file a request
http-open311-api-key-invalid = The api_key is not valid (unknown or revoked)
http-open311-service-code-required = service_code is required
http-open311-service-code-not-found = service_code '{ $code }' was not found
http-open311-not-a-number = { $name } must be a number
http-open311-lat-long-together = lat and long are sent together
http-open311-location-required = A location is required: lat and long, address_string or address_id
http-open311-description-required = description is required: say what is wrong
http-open311-description-too-long = description is at most 4,000 characters
http-open311-media-url-invalid = media_url must be an http(s) address of at most 500 characters
http-open311-no-jurisdictions = No jurisdictions are set up yet

## http/open311/reading.rs

http-open311-date-invalid = { $name } must be a W3C date-time with its offset, as 2026-11-01T00:00:00+05:30
http-open311-end-before-start = end_date is before start_date
http-open311-span-too-long = start_date and end_date may not span more than { $days } days
http-open311-status-invalid = status is open, closed or both (comma-separated)
http-open311-whole-number = { $name } must be a whole number from 0 to { $max }
http-open311-request-not-found = service_request_id '{ $id }' was not found
http-open311-token-not-found = token '{ $token }' was not found
http-social-not-configured = This platform is not connected: its settings are not in the configuration
http-social-signature = The X-Hub-Signature-256 header is missing or does not match the body
http-social-verify-token = The verify token does not match the configuration
http-social-malformed = The delivery is not what the platform sends: { $detail }
http-telephony-not-configured = The helpline's telephony is not connected: [telephony] has no token in the configuration
http-telephony-token = The token is missing or wrong
http-metrics-token = The metrics token is missing or wrong: send it as "Authorization: Bearer TOKEN"
http-telephony-lang = lang must be hi or en, not '{ $value }'
http-telephony-digits = digits must hold the registration number or mobile number the caller keyed
