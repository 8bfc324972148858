// SPDX-License-Identifier: MIT
// TrayApp: without a tray the window is the app (item 4): it says how to get a tray, has
// Quit, closing it asks when claims are held and quits when none are; the quit question
// names what it releases; Settings and About.

#include "TrayTestSupport.h"

#include "tray/AboutDialog.h"
#include "tray/DevicesWindow.h"
#include "tray/SettingsDialog.h"
#include "tray/TrayApp.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTimer>

using namespace devlatch;
using namespace devlatch::test;
using devlatch::tray::TrayApp;

class TestTrayApp final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TrayWorld> m_world;
    std::unique_ptr<tray::TrayController> m_controller;

    // offscreen has no system tray: the app waits for one a few seconds, then uses its window.
    std::unique_ptr<TrayApp> startWithoutTray()
    {
        auto app = std::make_unique<TrayApp>(*m_controller, TrayApp::Options{});
        app->start();
        if (!QTest::qWaitFor([&app] { return app->devicesWindow() && app->devicesWindow()->isVisible(); }, 15000))
            qWarning("no window without a tray");
        return app;
    }

private Q_SLOTS:
    void init()
    {
        m_world = std::make_unique<TrayWorld>(QStringList{QStringLiteral("psu=Bench PSU"), QStringLiteral("probe=J-Link")});
        m_controller = m_world->controller();
    }
    void cleanup()
    {
        m_controller.reset();
        m_world.reset();
    }

    void withoutTrayTheWindowIsTheApp()
    {
        auto app = startWithoutTray();
        QVERIFY(!app->hasTray());
        tray::DevicesWindow *window = app->devicesWindow();
        QVERIFY(window && window->isVisible());
        QVERIFY(window->isStandalone());
        QVERIFY(window->findChild<QLabel *>(QStringLiteral("noTrayHint"))->isVisible());
        QVERIFY(window->findChild<QLabel *>(QStringLiteral("noTrayHint"))->text().contains(QStringLiteral("AppIndicator")));
        QVERIFY(window->findChild<QPushButton *>(QStringLiteral("quit"))->isVisible());
        QVERIFY(app->stateJson().contains("\"trayIcon\":false"));
        QVERIFY(app->stateJson().contains("\"window\":\"shown\""));
    }

    // devlatch --state prints the documented schema (docs/devlatch.schema.json), with a claim
    // of ours and a queued one in it.
    void stateMatchesTheDocumentedSchema()
    {
        auto app = startWithoutTray();
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("probe"), QStringLiteral("--hold")}));
        QVERIFY(!holder.waitForLine("holding").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_controller->status(QStringLiteral("probe")).state, DeviceStatus::State::Held, 5000);
        m_controller->claimWhenFree(QStringLiteral("probe"));
        const QByteArray state = app->stateJson();
        const Finished validation = runWithInput(TestPaths::sourceDir(QStringLiteral("/tests/helpers/validate-json.py")), {}, state);
        if (validation.exitCode == 77)
            QSKIP("python3-jsonschema is not installed (make test installs it)");
        QVERIFY2(validation.exitCode == 0, qPrintable(QString::fromUtf8(validation.err + state)));
        QVERIFY(state.contains("\"queued\":true"));
        m_controller->cancelClaimWhenFree(QStringLiteral("probe"));
    }

    // Closing while holding asks: Cancel keeps everything, "Keep running" hides with the
    // claims kept, "Quit" releases them. Nothing held: closing quits without a question.
    void closingTheWindowAsksWhenHolding()
    {
        auto app = startWithoutTray();
        tray::DevicesWindow *window = app->devicesWindow();
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QStringList askedAbout;
        TrayApp::CloseChoice answer = TrayApp::CloseChoice::Cancel;
        app->askClose = [&](const QStringList &held, int) {
            askedAbout = held;
            return answer;
        };
        window->close();
        QCOMPARE(askedAbout, QStringList{QStringLiteral("Bench PSU")});
        QVERIFY(window->isVisible());
        answer = TrayApp::CloseChoice::KeepRunning;
        window->close();
        QVERIFY(!window->isVisible());
        QCOMPARE(m_controller->heldCount(), 1);
        app->showDevicesWindow();
        answer = TrayApp::CloseChoice::Quit;
        window->close();
        QCOMPARE(m_controller->heldCount(), 0);
        QCOMPARE(run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("psu")}).exitCode, 0);
    }

    void quitQuestionNamesWhatItReleases()
    {
        TrayApp app(*m_controller, TrayApp::Options{});
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QVERIFY(m_controller->claim(QStringLiteral("probe")).ok);
        QStringList named;
        app.confirmQuit = [&named](const QStringList &held, int) {
            named = held;
            return false;
        };
        app.requestQuit();
        named.sort();
        QCOMPARE(named, (QStringList{QStringLiteral("Bench PSU"), QStringLiteral("J-Link")}));
        QCOMPARE(m_controller->heldCount(), 2); // declined: nothing released
    }

    void settingsApply()
    {
        tray::SettingsDialog dialog(*m_controller);
        dialog.findChild<QSpinBox *>(QStringLiteral("menuSize"))->setValue(7);
        dialog.findChild<QCheckBox *>(QStringLiteral("notifications"))->setChecked(false);
        dialog.findChild<QCheckBox *>(QStringLiteral("monochrome"))->setChecked(true);
        QSignalSpy restyle(&dialog, &tray::SettingsDialog::iconStyleChanged);
        dialog.apply();
        QCOMPARE(m_controller->settings().menuSize(), 7);
        QVERIFY(!m_controller->settings().notificationsEnabled());
        QVERIFY(m_controller->settings().monochromeIcon());
        QCOMPARE(restyle.size(), 1);
    }

    void aboutSaysVersionScopeAndLocks()
    {
        QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
        tray::AboutDialog about(*m_controller);
        QVERIFY(about.text().contains(QStringLiteral("devlatch 9.8.7")));
        QVERIFY(about.text().contains(m_world->lockDir()));
        QVERIFY(about.text().contains(QStringLiteral("machine")));
        QVERIFY(about.text().contains(QStringLiteral("README")));
    }
};

QTEST_MAIN(TestTrayApp)
#include "tst_trayapp.moc"
