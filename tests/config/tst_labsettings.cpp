// SPDX-License-Identifier: MIT
// The [lab] section's checks: what is refused, with which reason, and the environment's say.

#include "config/LabSettings.h"

#include <QTest>

using namespace devlatch;

namespace {

LabSettings settings(const QStringList &endpoints)
{
    LabSettings lab;
    lab.endpoints = endpoints;
    return lab;
}

} // namespace

class TestLabSettings final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup()
    {
        qunsetenv("DEVLATCH_LAB_ENDPOINTS");
        qunsetenv("DEVLATCH_LAB_TTL");
    }

    void usableSettingsPass_data()
    {
        QTest::addColumn<QStringList>("endpoints");
        QTest::addColumn<QString>("ca");
        QTest::addColumn<QString>("user");
        QTest::newRow("plain http, nothing secret") << QStringList{QStringLiteral("http://127.0.0.1:2379")} << QString() << QString();
        QTest::newRow("https with a CA") << QStringList{QStringLiteral("https://etcd1.lab:2379"), QStringLiteral("https://etcd2.lab:2379/")}
                                         << QStringLiteral("/etc/devlatch/lab-ca.pem") << QString();
        QTest::newRow("https with a user") << QStringList{QStringLiteral("https://etcd1.lab:2379")} << QString() << QStringLiteral("alice");
    }
    void usableSettingsPass()
    {
        QFETCH(QStringList, endpoints);
        QFETCH(QString, ca);
        QFETCH(QString, user);
        LabSettings lab = settings(endpoints);
        lab.caFile = ca;
        lab.user = user;
        lab.passwordFile = user.isEmpty() ? QString() : QStringLiteral("/home/alice/.config/devlatch/lab-password");
        QCOMPARE(lab.validate(), QString());
        QVERIFY(lab.configured());
    }

    // A plain http:// endpoint next to anything secret is refused, naming both: the password
    // would go out in clear, and a dead https:// member would fail over to it silently.
    void plainHttpWithSecretsIsRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("ca=") << QStringLiteral("ca=");
        QTest::newRow("cert=") << QStringLiteral("cert=");
        QTest::newRow("user=") << QStringLiteral("user=");
    }
    void plainHttpWithSecretsIsRefused()
    {
        QFETCH(QString, field);
        LabSettings lab = settings({QStringLiteral("https://etcd1.lab:2379"), QStringLiteral("http://etcd2.lab:2379")});
        if (field == u"ca=")
            lab.caFile = QStringLiteral("/etc/devlatch/lab-ca.pem");
        if (field == u"cert=") {
            lab.certFile = QStringLiteral("/etc/devlatch/me.pem");
            lab.keyFile = QStringLiteral("/etc/devlatch/me.key");
        }
        if (field == u"user=") {
            lab.user = QStringLiteral("alice");
            lab.passwordFile = QStringLiteral("/home/alice/lab-password");
        }
        const QString error = lab.validate();
        QVERIFY2(error.contains(QStringLiteral("\"http://etcd2.lab:2379\" is plain http://")), qPrintable(error));
        QVERIFY2(error.contains(field + QStringLiteral(" is set")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("use https://")), qPrintable(error));
    }

    void malformedSettingsAreRefusedWithTheReason_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no scheme") << QStringLiteral("etcd1.lab:2379") << QStringLiteral("/devlatch/lab/v2/") << QStringLiteral("is not http://HOST:PORT");
        QTest::newRow("ftp") << QStringLiteral("ftp://etcd1.lab:2379") << QStringLiteral("/devlatch/lab/v2/") << QStringLiteral("is not http://HOST:PORT");
        QTest::newRow("no port") << QStringLiteral("https://etcd1.lab") << QStringLiteral("/devlatch/lab/v2/") << QStringLiteral("is not http://HOST:PORT");
        QTest::newRow("a path") << QStringLiteral("https://etcd1.lab:2379/v3") << QStringLiteral("/devlatch/lab/v2/") << QStringLiteral("is not http://HOST:PORT");
        QTest::newRow("relative prefix") << QStringLiteral("http://127.0.0.1:2379") << QStringLiteral("devlatch/") << QStringLiteral("must start and end with /");
        QTest::newRow("prefix without /") << QStringLiteral("http://127.0.0.1:2379") << QStringLiteral("/devlatch") << QStringLiteral("must start and end with /");
    }
    void malformedSettingsAreRefusedWithTheReason()
    {
        QFETCH(QString, endpoint);
        QFETCH(QString, prefix);
        QFETCH(QString, expected);
        LabSettings lab = settings({endpoint});
        lab.prefix = prefix;
        const QString error = lab.validate();
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void halfACredentialIsRefused()
    {
        LabSettings certOnly = settings({QStringLiteral("https://etcd1.lab:2379")});
        certOnly.certFile = QStringLiteral("/etc/devlatch/me.pem");
        QCOMPARE(certOnly.validate(), QStringLiteral("lab cert= and key= go together"));
        LabSettings userOnly = settings({QStringLiteral("https://etcd1.lab:2379")});
        userOnly.user = QStringLiteral("alice");
        QVERIFY(userOnly.validate().contains(QStringLiteral("needs password-file=")));
    }

    void nothingConfiguredSaysWhereToConfigure()
    {
        const LabSettings lab;
        QVERIFY(!lab.configured());
        QVERIFY(lab.validate().contains(QStringLiteral("set endpoints= in the [lab] section")));
    }

    void theEnvironmentOverridesAndRefusesOutOfRangeTtls()
    {
        LabSettings lab = settings({QStringLiteral("http://from-config:2379")});
        qputenv("DEVLATCH_LAB_ENDPOINTS", " http://127.0.0.1:1 ,, http://127.0.0.1:2");
        qputenv("DEVLATCH_LAB_TTL", "1");
        QStringList warnings;
        lab.applyEnvironment(warnings);
        QCOMPARE(lab.endpoints, (QStringList{QStringLiteral("http://127.0.0.1:1"), QStringLiteral("http://127.0.0.1:2")}));
        QCOMPARE(lab.ttlSeconds, 15);
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().contains(QStringLiteral("must be 2 to 3600 seconds, not \"1\"")), qPrintable(warnings.first()));
        qputenv("DEVLATCH_LAB_TTL", "30");
        warnings.clear();
        lab.applyEnvironment(warnings);
        QCOMPARE(lab.ttlSeconds, 30);
        QVERIFY(warnings.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLabSettings)
#include "tst_labsettings.moc"
