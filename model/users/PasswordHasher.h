#pragma once

#include <QString>

namespace secreview {

// Argon2id through libsodium's crypto_pwhash_str: salted, memory-hard, parameters stored in the
// hash string itself so that they can be raised later without breaking old hashes.
namespace PasswordHasher {
QString hash(const QString &password);
bool verify(const QString &storedHash, const QString &password);
// Throws Usage when the password is too weak to accept.
void checkAcceptable(const QString &password);
} // namespace PasswordHasher

} // namespace secreview
