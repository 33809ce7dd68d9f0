// Secrets and personal data recognised by their shape in a literal's text. Linear scans, no regular
// expressions: a literal may be megabytes of base64, and every check must stay one pass over it. Pure.
#pragma once

#include <string>
#include <string_view>

namespace strata::lint {

// "a private key", "an AWS access key", ...; "" when `text` holds no secret of a known shape.
std::string SecretShape(std::string_view text);
// A value already hashed (bcrypt, argon2, SCRAM, MySQL's *hex, md5hex, long hex digests): no secret.
bool LooksHashed(std::string_view text);
// A column or member name that holds a secret: the secret word ends it (smtp_password, api_key,
// refresh_token; not token_type or password_hash).
bool SecretName(std::string_view name);
// "an e-mail address", "a phone number", ...; "" when nothing in `text` looks personal. Addresses on
// reserved domains (example.com, .test, ...) and role accounts (admin@, noreply@) are not personal.
std::string PersonalShape(std::string_view text);

}  // namespace strata::lint
