#include "model/users/PasswordHasher.h"

#include "model/core/Error.h"

#include <sodium.h>

namespace secreview::PasswordHasher {
namespace {
void ensureSodium()
{
    if (sodium_init() < 0)
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("libsodium could not be initialised"));
}
} // namespace

QString hash(const QString &password)
{
    ensureSodium();
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("out of memory while hashing a password"));
    return QString::fromLatin1(out);
}

bool verify(const QString &storedHash, const QString &password)
{
    ensureSodium();
    const QByteArray stored = storedHash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(),
                                    static_cast<unsigned long long>(utf8.size())) == 0;
}

void checkAcceptable(const QString &password)
{
    if (password.size() < 8)
        throw Error(ErrorKind::Usage, QStringLiteral("a password needs at least 8 characters"));
}

} // namespace secreview::PasswordHasher
