// SPDX-License-Identifier: MIT
#include "LabSettings.h"

#include <QUrl>

namespace devlatch {

void LabSettings::applyEnvironment(QStringList &warnings)
{
    const QString endpointList = qEnvironmentVariable("DEVLATCH_LAB_ENDPOINTS");
    if (!endpointList.trimmed().isEmpty()) {
        endpoints.clear();
        for (const QString &endpoint : endpointList.split(u',', Qt::SkipEmptyParts))
            endpoints << endpoint.trimmed();
    }
    const QString ttl = qEnvironmentVariable("DEVLATCH_LAB_TTL");
    if (!ttl.isEmpty()) {
        bool ok = false;
        const int seconds = ttl.toInt(&ok);
        if (ok && seconds >= kMinTtl && seconds <= kMaxTtl)
            ttlSeconds = seconds;
        else
            warnings << QStringLiteral("DEVLATCH_LAB_TTL must be %1 to %2 seconds, not \"%3\"; using %4")
                            .arg(kMinTtl).arg(kMaxTtl).arg(ttl).arg(ttlSeconds);
    }
}

QString LabSettings::validate() const
{
    if (endpoints.isEmpty())
        return QStringLiteral("no lab is configured: set endpoints= in the [lab] section of devlatch.conf "
                              "(or DEVLATCH_LAB_ENDPOINTS)");
    for (const QString &endpoint : endpoints) {
        const QUrl url(endpoint, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()
            || url.port() <= 0 || (!url.path().isEmpty() && url.path() != u"/"))
            return QStringLiteral("lab endpoint \"%1\" is not http://HOST:PORT or https://HOST:PORT").arg(endpoint);
    }
    // With a CA, a certificate or a password, the lab is meant to be private: a plain http://
    // endpoint would send the password and the claims in clear, and a client that fails over
    // to it would do so silently when the https:// one is down.
    const QString secured = !user.isEmpty() ? QStringLiteral("user=") : !certFile.isEmpty() ? QStringLiteral("cert=")
                                                  : !caFile.isEmpty()       ? QStringLiteral("ca=")
                                                                            : QString();
    if (!secured.isEmpty()) {
        for (const QString &endpoint : endpoints) {
            if (QUrl(endpoint).scheme() == u"http")
                return QStringLiteral("lab endpoint \"%1\" is plain http:// but %2 is set: the lab's traffic (a password, "
                                      "claims) would go out in clear; use https://")
                    .arg(endpoint, secured);
        }
    }
    if (!prefix.startsWith(u'/') || !prefix.endsWith(u'/'))
        return QStringLiteral("lab prefix \"%1\" must start and end with /").arg(prefix);
    if (!certFile.isEmpty() != !keyFile.isEmpty())
        return QStringLiteral("lab cert= and key= go together");
    if (!user.isEmpty() && passwordFile.isEmpty())
        return QStringLiteral("lab user= needs password-file= (a password is never given on the command line)");
    return {};
}

} // namespace devlatch
