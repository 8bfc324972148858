// SPDX-License-Identifier: MIT
// devlatch-tray-bench: the tray with 1,000 configured devices. Start-up, menu, window and
// memory next to plain-Qt baselines of the same size measured in this run; idle cost as the
// real tray process's voluntary context switches; and how fast a claim made by another
// process shows in the tray.
//
//   devlatch-tray-bench [--idle-seconds N] [--rounds N]
//   (internal) --claim DIR ID: claim in a child process, print the time, hold until stdin closes

#include "tray/DeviceListModel.h"
#include "tray/DevicesWindow.h"
#include "tray/TrayController.h"
#include "tray/TrayMenu.h"

#include "lock/DeviceLock.h"
#include "lock/LockName.h"
#include "lock/ProcessInfo.h"

#include "TestPaths.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QProcess>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QHash>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unistd.h>

using namespace devlatch;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kDevices = 1000;

long long nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

double msSince(long long startNs)
{
    return double(nowNs() - startNs) / 1e6;
}

long statusField(qint64 pid, const char *field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').first().toLong();
    return -1;
}

// Per thread: Qt starts (and retires) helper threads of its own.
QHash<QString, long> switchesByThread(qint64 pid)
{
    QHash<QString, long> counts;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks.filePath(task) + QStringLiteral("/status"));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : file.readAll().split('\n'))
            if (line.startsWith("voluntary_ctxt_switches:"))
                counts.insert(task, line.mid(24).trimmed().toLong());
    }
    return counts;
}

// Switches between two samples; a thread that ended in between counts with what it had.
long switchesBetween(const QHash<QString, long> &before, const QHash<QString, long> &after)
{
    long total = 0;
    for (auto it = after.constBegin(); it != after.constEnd(); ++it)
        total += it.value() - before.value(it.key(), 0);
    return total;
}

int runClaimChild(const QString &directory, const QString &id)
{
    const std::string bytes = id.toStdString();
    lock::DeviceLock deviceLock({directory.toStdString(), lock::lockNameForId(bytes).name, lock::Scope::Machine});
    if (!deviceLock.acquire(lock::currentProcessRecord(bytes, "bench-claimer", "")).acquired())
        return 1;
    std::printf("%lld\n", nowNs());
    std::fflush(stdout);
    char buffer[16];
    while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
    }
    return 0;
}

void row(const char *what, double value, const char *unit, double baseline = 0, const char *name = "")
{
    if (baseline > 0)
        std::printf("  %-44s %10.2f %-3s %7.2fx %s\n", what, value, unit, value / baseline, name);
    else
        std::printf("  %-44s %10.2f %-3s\n", what, value, unit);
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc == 4 && qstrcmp(argv[1], "--claim") == 0) {
        QCoreApplication app(argc, argv);
        return runClaimChild(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    }
    int idleSeconds = 30;
    int rounds = 100;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (qstrcmp(argv[i], "--idle-seconds") == 0)
            idleSeconds = std::max(1, std::atoi(argv[i + 1]));
        else if (qstrcmp(argv[i], "--rounds") == 0)
            rounds = std::max(5, std::atoi(argv[i + 1]));
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir root;
    const QString config = root.filePath(QStringLiteral("config"));
    QDir().mkpath(config + QStringLiteral("/devlatch"));
    {
        QFile file(config + QStringLiteral("/devlatch/devlatch.conf"));
        file.open(QIODevice::WriteOnly);
        for (int i = 0; i < kDevices; ++i)
            file.write(QStringLiteral("[device.dev%1]\nname=Bench device %1\nkind=serial\nnodes=/dev/ttyBENCH%1\n").arg(i).toUtf8());
    }
    const QString lockDir = root.filePath(QStringLiteral("locks"));
    qputenv("XDG_CONFIG_HOME", config.toLocal8Bit());
    qputenv("XDG_CONFIG_DIRS", root.filePath(QStringLiteral("none")).toLocal8Bit());
    qputenv("DEVLATCH_LOCK_DIR", lockDir.toLocal8Bit());
    qputenv("DEVLATCH_INSTANCE_NAME", QByteArray("devlatch-bench-") + QByteArray::number(getpid()));
    qputenv("HOME", root.path().toLocal8Bit());
    qputenv("XDG_STATE_HOME", root.filePath(QStringLiteral("state")).toLocal8Bit());

    QApplication app(argc, argv);
    std::printf("devlatch-tray-bench: %d configured devices, offscreen\n\n", kDevices);

    // Baselines: plain Qt doing the same amount of widget work.
    long long start = nowNs();
    QMenu plainMenu;
    for (int i = 0; i < 22; ++i)
        plainMenu.addAction(QStringLiteral("Bench device %1 — Free").arg(i));
    const double plainMenuMs = msSince(start);
    start = nowNs();
    QStandardItemModel plainModel(kDevices, 7);
    for (int r = 0; r < kDevices; ++r)
        for (int c = 0; c < 7; ++c)
            plainModel.setItem(r, c, new QStandardItem(QStringLiteral("cell %1.%2").arg(r).arg(c)));
    QTableView plainView;
    plainView.setModel(&plainModel);
    plainView.resize(900, 420);
    plainView.show();
    QCoreApplication::processEvents();
    const double plainTableMs = msSince(start);
    plainView.hide();

    // devlatch, in process.
    const long rssBefore = statusField(QCoreApplication::applicationPid(), "VmRSS:");
    start = nowNs();
    tray::TrayController::Parts parts;
    parts.settings = std::make_unique<tray::TraySettings>(root.filePath(QStringLiteral("tray.conf")));
    tray::TrayController controller(std::move(parts));
    controller.start();
    const double startupMs = msSince(start);
    tray::DeviceListModel model(controller);
    tray::TrayMenu menu(controller, model);
    start = nowNs();
    menu.rebuild(); // what a change does (ahead of opening, not in aboutToShow)
    const double menuMs = msSince(start);
    start = nowNs();
    tray::DevicesWindow window(controller, model);
    window.show();
    QCoreApplication::processEvents();
    const double windowMs = msSince(start);
    const long rssAfter = statusField(QCoreApplication::applicationPid(), "VmRSS:");

    std::printf("(1) with %d devices (baselines: plain Qt, same size, this run)\n", kDevices);
    row("start-up: config + first read of every lock", startupMs, "ms");
    row("menu rebuild (1,000 devices, 15 listed)", menuMs, "ms", plainMenuMs, "plain QMenu, 22 actions");
    row("Devices window open (1,000 rows)", windowMs, "ms", plainTableMs, "QStandardItemModel table");
    row("resident memory added by the tray", double(rssAfter - rssBefore) / 1024.0, "MiB");

    // (2) Claim in another process -> the tray's state changes.
    std::vector<double> latencies;
    const QString self = QCoreApplication::applicationFilePath();
    for (int i = 0; i < rounds; ++i) {
        const QString id = QStringLiteral("dev%1").arg(i);
        long long changedAt = 0;
        const auto connection = QObject::connect(&controller, &tray::TrayController::deviceChanged, &app,
                                                 [&](const QString &changed) {
                                                     if (changed == id && controller.status(id).state == DeviceStatus::State::Held
                                                         && !changedAt)
                                                         changedAt = nowNs();
                                                 });
        QProcess claimer;
        claimer.start(self, {QStringLiteral("--claim"), lockDir, id});
        claimer.waitForStarted();
        while (!claimer.canReadLine() && claimer.state() == QProcess::Running)
            claimer.waitForReadyRead(5000);
        const long long claimedAt = claimer.readLine().trimmed().toLongLong();
        const long long deadline = nowNs() + 5'000'000'000LL;
        while (!changedAt && nowNs() < deadline)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        QObject::disconnect(connection);
        if (changedAt && claimedAt)
            latencies.push_back(double(changedAt - claimedAt) / 1e6);
        claimer.closeWriteChannel();
        claimer.waitForFinished();
    }
    std::sort(latencies.begin(), latencies.end());
    std::printf("\n(2) claim by another process -> tray state changed, %zu rounds (goal: p99 <= 100 ms)\n", latencies.size());
    if (!latencies.empty()) {
        row("p50", latencies[latencies.size() / 2], "ms");
        row("p99", latencies[std::min(latencies.size() - 1, size_t(double(latencies.size()) * 0.99))], "ms");
        row("max", latencies.back(), "ms");
    }

    // (3) The real tray process at rest.
    QProcess trayProcess;
    trayProcess.start(TestPaths::tray(), {});
    trayProcess.waitForStarted();
    QThread::sleep(5); // start-up, the initial read and the wait for a panel are over
    const QHash<QString, long> before = switchesByThread(trayProcess.processId());
    QThread::sleep(static_cast<unsigned long>(idleSeconds));
    const QHash<QString, long> after = switchesByThread(trayProcess.processId());
    const long rss = statusField(trayProcess.processId(), "VmRSS:");
    trayProcess.terminate();
    trayProcess.waitForFinished();
    std::printf("\n(3) the devlatch process idle for %d s with %d devices (goal: a handful of wake-ups)\n", idleSeconds, kDevices);
    row("voluntary context switches, all threads", double(switchesBetween(before, after)), "");
    std::printf("  (threads: %lld at the start of the idle period, %lld at its end)\n", qlonglong(before.size()),
                qlonglong(after.size()));
    row("resident memory of the whole process", double(rss) / 1024.0, "MiB");
    return 0;
}
